import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { ModelHolder, type ModelPointer } from '../src/model-holder.js';

class FakeModel {
  closed = false;
  constructor(readonly version: string) {}
  async close() {
    this.closed = true;
  }
}

/** A registry stand-in: `pointer` is production; `broken` versions fail to load. */
function holder(options: { firstRetryMs?: number; retryFailedMs?: number } = {}) {
  const state = { pointer: null as ModelPointer | null, broken: new Set<string>(), loads: 0 };
  const promote = (version: string) => {
    state.pointer = { name: 'lr', version, modelDir: `/models/${version}` };
  };
  const models = new ModelHolder<FakeModel>({
    production: async () => state.pointer,
    load: async (pointer) => {
      state.loads++;
      if (state.broken.has(pointer.version)) throw new Error(`corrupt ${pointer.version}`);
      return new FakeModel(pointer.version);
    },
    notServing: (reason) => Object.assign(new Error(reason), { code: 'NOT_SERVING' }),
    ...options,
  });
  return { models, state, promote };
}

describe('ModelHolder', () => {
  it('swaps on refresh and closes the replaced model after its last user', async () => {
    const { models, promote } = holder();
    promote('v1');
    await models.refresh();
    const v1 = models.served();
    let finish!: () => void;
    const using = models.use(() => new Promise<void>((resolve) => (finish = resolve)));
    promote('v2');
    await models.refresh();
    expect(models.current?.version).toBe('v2');
    expect(v1.closed).toBe(false);
    finish();
    await using;
    await sleep(0);
    expect(v1.closed).toBe(true);
    await models.close();
    expect(models.pointer).toBeNull();
  });

  it('throws notServing with the reason while no model serves', async () => {
    const { models } = holder();
    await models.refresh();
    expect(() => models.served()).toThrow('no production model in the registry');
    await expect(models.use(() => 1)).rejects.toMatchObject({ code: 'NOT_SERVING' });
    await expect(models.ensure()).rejects.toMatchObject({ code: 'NOT_SERVING' });
  });

  it('keeps the old model when a new one fails, and leaves the failed version alone until retryFailedMs', async () => {
    const { models, state, promote } = holder({ retryFailedMs: 30 });
    promote('v1');
    await models.refresh();
    state.broken.add('v2');
    promote('v2');
    await models.refresh();
    await models.refresh();
    expect(state.loads).toBe(2);
    expect(models.current?.version).toBe('v1');
    state.broken.delete('v2');
    await sleep(40);
    await models.refresh();
    expect(models.current?.version).toBe('v2');
    await models.close();
  });

  it('ensure() loads a failed version again at once and rejects with its error', async () => {
    const { models, state, promote } = holder();
    state.broken.add('v1');
    promote('v1');
    await expect(models.ensure()).rejects.toThrow('corrupt v1');
    await expect(models.ensure()).rejects.toThrow('corrupt v1');
    expect(state.loads).toBe(2);
  });

  it('refuses a model whose version is not the pointer', async () => {
    const { models, promote } = holder();
    promote('v1');
    const source = models as unknown as { options: { load: () => Promise<FakeModel> } };
    source.options.load = async () => new FakeModel('v9');
    await models.refresh();
    expect(models.current).toBeNull();
    expect(models.reason).toContain('names a model whose card says version v9');
  });

  it('loads on every retry its timer makes, even by a clock that runs behind the timers', async () => {
    // A clock at half speed: each timer fires "early" by it, as a timer can by a fraction of
    // a millisecond. A retry turned away as too early would read the pointer without loading.
    const [started, startedWall] = [performance.now(), Date.now()];
    const now = vi
      .spyOn(performance, 'now')
      .mockImplementation(() => started + (Date.now() - startedWall) / 2);
    try {
      const { models, state, promote } = holder({ firstRetryMs: 20 });
      let reads = 0;
      const production = models as unknown as { options: { production: () => unknown } };
      const read = production.options.production;
      production.options.production = () => {
        reads++;
        return read();
      };
      state.broken.add('v1');
      promote('v1');
      await models.watch(Number.POSITIVE_INFINITY);
      for (let i = 0; i < 300 && state.loads < 3; i++) await sleep(10);
      await models.close();
      expect(state.loads).toBeGreaterThanOrEqual(3);
      expect(reads).toBe(state.loads);
    } finally {
      now.mockRestore();
    }
  });

  it('while none serves, watch() retries on a doubling delay', async () => {
    const { models, state, promote } = holder({ firstRetryMs: 20 });
    const attempts: number[] = [];
    const production = models as unknown as { options: { production: () => unknown } };
    const read = production.options.production;
    production.options.production = () => {
      attempts.push(performance.now());
      return read();
    };
    state.broken.add('v1');
    promote('v1');
    await models.watch(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 200 && attempts.length < 3; i++) await sleep(10);
    const [first = 0, second = 0, third = 0] = attempts;
    // 20 ms, then 40 ms.
    expect(second - first).toBeGreaterThanOrEqual(18);
    expect(third - second).toBeGreaterThanOrEqual(38);
    state.broken.delete('v1');
    for (let i = 0; i < 200 && !models.current; i++) await sleep(10);
    expect(models.current?.version).toBe('v1');
    await models.close();
  });
});
