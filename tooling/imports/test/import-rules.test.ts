import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const config = fileURLToPath(new URL('../dependency-cruiser.cjs', import.meta.url));
const depcruise = fileURLToPath(
  new URL('../../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url),
);

/** Runs the repository's rules on `paths` from `cwd`; exit code and report. */
async function check(cwd: string, paths: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [depcruise, '--config', config, ...paths], {
      cwd,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('import rules', () => {
  it('fail on a circle of two files', async () => {
    const { code, output } = await check(fixtures, ['circle']);
    expect(code).not.toBe(0);
    expect(output).toContain('no-circular');
    expect(output).toContain('circle/first.ts');
  });

  it('fail on a package that imports an app', async () => {
    const { code, output } = await check(`${fixtures}/layers`, ['packages', 'apps']);
    expect(code).not.toBe(0);
    expect(output).toContain('no-package-imports-app');
  });

  it('pass on files that import one way', async () => {
    const { code } = await check(`${fixtures}/layers`, ['apps']);
    expect(code).toBe(0);
  });
});
