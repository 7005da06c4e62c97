import { describe, expect, it } from 'vitest';
import { MicroBatcher } from '../src/model/micro-batcher.js';

function recordingRun(fail = false) {
  const runs: number[][] = [];
  const run = async (records: ReadonlyArray<Record<string, unknown>>) => {
    runs.push(records.map((record) => record.x as number));
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (fail) throw new Error('run failed');
    return Float32Array.from(records, (record) => (record.x as number) / 100);
  };
  return { runs, run };
}

describe('MicroBatcher', () => {
  it('scores rows submitted in the same turn in one run, each getting its own result', async () => {
    const { runs, run } = recordingRun();
    const batcher = new MicroBatcher(run, 100);
    const risks = await Promise.all([1, 2, 3].map((x) => batcher.score({ x })));
    expect(risks.map((risk) => Math.round(risk * 100))).toEqual([1, 2, 3]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('queues rows during a run and sends them together in the next, at most maxBatch a run', async () => {
    const { runs, run } = recordingRun();
    const batcher = new MicroBatcher(run, 2);
    const first = batcher.score({ x: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((x) => batcher.score({ x }));
    await Promise.all([first, ...later]);
    expect(runs).toEqual([[1], [2, 3], [4]]);
  });

  it('rejects every row of a failed run and keeps working after it', async () => {
    const failing = recordingRun(true);
    const batcher = new MicroBatcher(failing.run, 10);
    const results = await Promise.allSettled([batcher.score({ x: 1 }), batcher.score({ x: 2 })]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(batcher.score({ x: 3 })).rejects.toThrow('run failed');
  });

  it('fails only the row a failed run blames, and scores the others again', async () => {
    const runs: number[][] = [];
    const run = async (records: ReadonlyArray<Record<string, unknown>>) => {
      runs.push(records.map((record) => record.x as number));
      const bad = records.findIndex((record) => record.x === 13);
      if (bad >= 0) throw Object.assign(new Error('non-finite'), { row: bad });
      return Float32Array.from(records, (record) => (record.x as number) / 100);
    };
    const rowOf = (error: unknown) => (error as { row?: number }).row;
    const batcher = new MicroBatcher(run, 10, rowOf);
    const results = await Promise.allSettled([1, 13, 2].map((x) => batcher.score({ x })));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[2]).toMatchObject({ value: expect.closeTo(0.02, 6) });
    expect(runs).toEqual([
      [1, 13, 2],
      [1, 2],
    ]);
  });
});
