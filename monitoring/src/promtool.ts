import { execFile } from 'node:child_process';

export interface PromtoolResult {
  /** 0 when promtool accepted the input. */
  readonly code: number;
  /** stdout and stderr together: promtool writes its findings to either. */
  readonly output: string;
}

/**
 * Runs `promtool ...args` in `cwd`. A missing promtool rejects with how to install it, so a
 * test that needs it fails instead of passing without checking anything.
 */
export function promtool(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    execFile('promtool', args, { cwd, timeout: 240_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
        reject(
          new Error(
            'promtool is not on PATH: install it (as root) with ../shared/ops-tools/setup, or ' +
              "Debian's promtool package; .ci/run does this before npm test",
          ),
        );
        return;
      }
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
