import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from './helpers/build.js';
import { FEATURES } from './helpers/fake-model.js';

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20261126);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// JSON.stringify writes Infinity as null: these strings become 1e309 / -1e309 in the sent text,
// which JSON.parse reads back as ±Infinity.
const PLUS_1E309 = '@@+1e309@@';
const MINUS_1E309 = '@@-1e309@@';
const withOverflows = (json: string) =>
  json.replaceAll(`"${PLUS_1E309}"`, '1e309').replaceAll(`"${MINUS_1E309}"`, '-1e309');

/** `[[[...value...]]]`, `depth` levels. */
const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

function value(depth = 0): unknown {
  const kinds = [
    'number',
    'int',
    'string',
    'bool',
    'null',
    'array',
    'object',
    'huge',
    'weird',
  ] as const;
  switch (pick(depth > 2 ? kinds.slice(0, 5) : kinds)) {
    case 'number':
      return (random() - 0.5) * 10 ** Math.floor(random() * 40);
    case 'int':
      return Math.floor((random() - 0.5) * 1e6);
    case 'string':
      return pick(['', 'paid', 'missing', '1.5', 'NaN', '\u0000', '\ud83d\ude00', 'x'.repeat(300)]);
    case 'bool':
      return random() < 0.5;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    case 'object':
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          pick(['a', 'features', 'rows', 'inputs', 'data']),
          value(depth + 1),
        ]),
      );
    case 'huge':
      return pick<unknown>([
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        1e308,
        5e-324,
        2 ** 53 + 1,
        1e39,
        -1e39,
        3.5e38,
        PLUS_1E309,
        MINUS_1E309,
      ]);
    default:
      return pick<unknown>([{ constructor: { prototype: 1 } }, [[[[]]]], { toString: 'x' }]);
  }
}

function features(): unknown {
  if (random() < 0.1) return value();
  const out: Record<string, unknown> = {};
  for (const feature of FEATURES) if (random() < 0.5) out[feature.name] = value();
  if (random() < 0.3) out[pick(['unknown', '__proto__', 'constructor', ''])] = value();
  return out;
}

function predictBody(): unknown {
  if (random() < 0.1) return value();
  const body: Record<string, unknown> = {};
  if (random() < 0.9) {
    body.user_id =
      random() < 0.7
        ? Math.floor(random() * 1000)
        : pick<unknown>([value(), PLUS_1E309, MINUS_1E309, 1e300, 2 ** 53]);
  }
  if (random() < 0.5) body.snapshot_date = random() < 0.5 ? '2026-04-30' : value();
  if (random() < 0.9) body.features = features();
  return body;
}

function inferBody(): unknown {
  if (random() < 0.1) return value();
  const n = Math.floor(random() * 3);
  return {
    id: random() < 0.5 ? 'x' : value(),
    inputs: Array.from({ length: Math.floor(random() * 5) }, () => {
      const feature = pick(FEATURES);
      return {
        name: random() < 0.8 ? feature.name : value(),
        datatype: pick(['BYTES', 'FP32', 'INT64', 'BOOL', 'nope', 3]),
        shape: random() < 0.7 ? [n, 1] : value(),
        data:
          random() < 0.7
            ? Array.from({ length: n }, () => (random() < 0.1 ? [value(2)] : value(2)))
            : value(),
      };
    }),
  };
}

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ api: { body_limit_bytes: 64 * 1024, batch_limit: 50 } });
});
afterAll(async () => {
  await t.app.close();
});

async function send(url: string, json: string) {
  const payload = withOverflows(json);
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json' },
  });
  expect(res.statusCode, `${url} ${payload.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const json = res.json();
    expect(typeof json.error).toBe('string');
    expect(typeof json.message).toBe('string');
  }
  return res;
}

describe('body fuzz: never a 5xx', () => {
  it('random types and shapes for every field of /predict', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 400; i++)
      statuses.add((await send('/predict', JSON.stringify(predictBody()))).statusCode);
    // The generator reaches both the scoring path and the refusals.
    expect(statuses).toContain(200);
    expect(statuses).toContain(400);
  });

  it('random rows for /predict/batch', async () => {
    for (let i = 0; i < 150; i++) {
      const rows = Array.from({ length: Math.floor(random() * 6) }, predictBody);
      await send('/predict/batch', JSON.stringify(random() < 0.9 ? { rows } : { rows: value() }));
    }
  });

  it('random tensors for the KServe v2 infer endpoint', async () => {
    for (let i = 0; i < 300; i++) await send('/v2/models/churn/infer', JSON.stringify(inferBody()));
  });

  it('malformed JSON: truncated, garbage, deep nesting', async () => {
    const valid = JSON.stringify({ user_id: 1, features: { plan: 'paid', logins_7d: 3 } });
    for (let cut = 0; cut < valid.length; cut += 3) {
      for (const url of ['/predict', '/predict/batch', '/v2/models/churn/infer'])
        await send(url, valid.slice(0, cut));
    }
    for (let i = 0; i < 100; i++) {
      const garbage = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        String.fromCharCode(Math.floor(random() * 128)),
      ).join('');
      await send('/predict', garbage);
    }
    await send('/predict', '{"user_id":1,"features":{"__proto__":{"plan":"paid"}}}');
    await send('/predict', '{"user_id":1,"features":{"constructor":{"prototype":{"x":1}}}}');
    await send('/predict', nested(20_000, ''));
    await send('/predict', `{"user_id":1,"features":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
  });

  it('float overflow, huge user_id and deep v2 nesting are 400 naming the field', async () => {
    const overflows = ['1e39', '-1e39', '1e309', '-1e309', '3.5e38'];
    for (const number of overflows) {
      const predict = await send('/predict', `{"user_id":1,"features":{"logins_7d":${number}}}`);
      expect(predict.statusCode).toBe(400);
      expect(predict.json().details[0].path).toBe('features.logins_7d');
      const batchRows = Array.from({ length: 50 }, (_, i) =>
        i === 31
          ? `{"user_id":${i},"features":{"watch_minutes_30d":${number}}}`
          : `{"user_id":${i},"features":{}}`,
      );
      const batch = await send('/predict/batch', `{"rows":[${batchRows.join(',')}]}`);
      expect(batch.statusCode).toBe(400);
      expect(batch.json().details[0].path).toBe('rows[31].features.watch_minutes_30d');
      const infer = await send(
        '/v2/models/churn/infer',
        `{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[1],"data":[${number}]}]}`,
      );
      expect(infer.statusCode).toBe(400);
      expect(infer.json().details[0].path).toBe('inputs[0].data[0]');
    }
    for (const userId of ['1e309', '-1e309', '1e300', '9007199254740993']) {
      const res = await send('/predict', `{"user_id":${userId},"features":{}}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].path).toBe('user_id');
    }
    // 6,175 levels (12 KB) overflowed the stack in the v2 handler; 30,000 fit in 64 KB.
    for (const depth of [3, 6_175, 30_000]) {
      const res = await send(
        '/v2/models/churn/infer',
        `{"inputs":[{"name":"logins_7d","datatype":"FP32","shape":[1,1],"data":${nested(depth)}}]}`,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].path).toBe('inputs[0].data');
    }
  });

  it('huge bodies are 413, huge batches 400', async () => {
    const big = JSON.stringify({ user_id: 1, features: { plan: 'x'.repeat(100 * 1024) } });
    expect((await send('/predict', big)).statusCode).toBe(413);
    const rows = Array.from({ length: 51 }, (_, i) => ({ user_id: i, features: {} }));
    expect((await send('/predict/batch', JSON.stringify({ rows }))).statusCode).toBe(400);
  });
});
