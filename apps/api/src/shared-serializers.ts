import {
  type SerializerCompiler,
  type SerializerFactory,
  SerializerSelector,
} from '@fastify/fast-json-stringify-compiler';

type Serializer = ReturnType<SerializerCompiler>;

/**
 * Fastify's serializer factory (fast-json-stringify), compiling each response schema object
 * once. Fastify compiles a serializer per route and status code at start-up, in each plugin's
 * own context: 78 for this API, although they use 12 schema objects (`errorBodySchema` answers
 * every 4xx and 5xx of every route). Compiling is most of the cost; a serializer is a pure
 * function of its schema, so routes can share it. A context with shared schemas
 * (`app.addSchema`) compiles its own, since a `$ref` in the same object may resolve differently
 * there.
 *
 * @example
 * Fastify({ schemaController: { compilersFactory: { buildSerializer: sharedSerializers() } } });
 */
export function sharedSerializers(): SerializerFactory {
  const selectSerializer = SerializerSelector();
  const compiled = new WeakMap<object, Serializer>();
  return (externalSchemas, options) => {
    const compile = selectSerializer(externalSchemas, options);
    if (externalSchemas && Object.keys(externalSchemas).length > 0) return compile;
    return (route) => {
      const { schema } = route;
      if (schema === null || typeof schema !== 'object') return compile(route);
      let serialize = compiled.get(schema);
      if (!serialize) {
        serialize = compile(route);
        compiled.set(schema, serialize);
      }
      return serialize;
    };
  };
}
