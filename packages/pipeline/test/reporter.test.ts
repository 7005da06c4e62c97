import { describe, expect, it } from 'vitest';
import { createReporter } from '../src/cli/reporter.js';
import type { Step } from '../src/index.js';

const step: Step = {
  name: 'features',
  description: 'd',
  run: async () => ({ summary: 's', outputs: [] }),
};

function fakeStream() {
  const chunks: string[] = [];
  return {
    chunks,
    stream: { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WriteStream,
  };
}

describe('createReporter', () => {
  it('prints one plain line per step when not interactive (CI)', () => {
    const { chunks, stream } = fakeStream();
    const reporter = createReporter(stream, false);
    reporter.stepStarted(step, 0, 2);
    reporter.progress.start('rows', 10);
    reporter.progress.update(5);
    reporter.stepFinished(step, { summary: '240000 rows', outputs: [] }, 1.234);
    expect(chunks.join('')).toBe('[1/2] features ok 1.23s: 240000 rows\n');
  });

  it('redraws a live line with a bar on a terminal, then leaves the result line', () => {
    const { chunks, stream } = fakeStream();
    const reporter = createReporter(stream, true);
    reporter.stepStarted(step, 1, 2);
    reporter.progress.start('rows', 10);
    reporter.progress.update(5);
    reporter.progress.start('rows', 10);
    reporter.stepFailed(step, new Error('x'), 0.5);
    const output = chunks.join('');
    expect(output).toContain('\r\x1b[2K[2/2] features');
    expect(output).toContain('rows [');
    expect(output.endsWith('[2/2] features FAILED after 0.50s\n')).toBe(true);
  });
});
