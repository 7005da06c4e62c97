import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sharedSerializers } from '../src/shared-serializers.js';

const bodySchema = {
  type: 'object',
  properties: { error: { type: 'string' }, count: { type: 'integer' } },
} as const;

const route = (schema: unknown, httpStatus = '400') => ({
  schema,
  method: 'GET',
  url: '/x',
  httpStatus,
});

describe('sharedSerializers', () => {
  it('compiles a schema object once for every route and context that uses it', () => {
    const factory = sharedSerializers();
    const first = factory({}, {})(route(bodySchema));
    const other = factory({}, {})(route(bodySchema, '503'));
    expect(other).toBe(first);
    expect(first({ error: 'x', count: 2, secret: 'dropped' })).toBe('{"error":"x","count":2}');
  });

  it('compiles an equal but distinct schema object separately', () => {
    const factory = sharedSerializers();
    const compile = factory({}, {});
    expect(compile(route({ ...bodySchema }))).not.toBe(compile(route(bodySchema)));
  });

  it('does not share in a context with shared schemas, where a $ref may resolve differently', () => {
    const factory = sharedSerializers();
    const refSchema = { $ref: 'item#' };
    const a = factory(
      { item: { $id: 'item', type: 'object', properties: { a: { type: 'string' } } } },
      {},
    );
    const b = factory(
      { item: { $id: 'item', type: 'object', properties: { b: { type: 'string' } } } },
      {},
    );
    expect(a(route(refSchema))({ a: '1', b: '2' })).toBe('{"a":"1"}');
    expect(b(route(refSchema))({ a: '1', b: '2' })).toBe('{"b":"2"}');
  });

  it('serves the same responses through fastify as the default serializers', async () => {
    const app = Fastify({
      schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } },
    });
    for (const url of ['/a', '/b']) {
      app.register(async (scope) => {
        scope.get(url, { schema: { response: { 200: bodySchema } } }, async () => ({
          error: url,
          count: 1,
          hidden: true,
        }));
      });
    }
    try {
      expect((await app.inject({ url: '/a' })).body).toBe('{"error":"/a","count":1}');
      expect((await app.inject({ url: '/b' })).body).toBe('{"error":"/b","count":1}');
    } finally {
      await app.close();
    }
  });
});
