import type { TSchema } from 'typebox';
import Value from 'typebox/value';

/** Turns TypeBox errors into one readable line per problem: `features.windows_days[1]: expected …, got "x"`. */
export function describeErrors(schema: TSchema, value: unknown): string[] {
  const lines: string[] = [];
  for (const error of Value.Errors(schema, value)) {
    // A union reports each branch and then itself; the union-level line is the useful one.
    if (error.schemaPath.includes('/anyOf/')) continue;
    // `additionalProperties: false` reports the key twice; keep the line that names it.
    if (error.keyword === 'boolean') continue;
    const path = toKeyPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const extra =
        (error.params as { additionalProperties?: string[] }).additionalProperties ?? [];
      for (const key of extra) lines.push(`${joinKey(path, key)}: unknown key`);
      continue;
    }
    if (error.keyword === 'required') {
      const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
      for (const key of missing) lines.push(`${joinKey(path, key)}: is required`);
      continue;
    }
    const subschema = schemaAt(schema, error.schemaPath);
    const actual = valueAt(value, error.instancePath);
    const expected = subschema ? describeSchema(subschema) : error.message;
    lines.push(`${path || '(root)'}: expected ${expected}, got ${JSON.stringify(actual)}`);
  }
  return [...new Set(lines)];
}

function toKeyPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : joinKey(path, part)), '');
}

function joinKey(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function schemaAt(schema: TSchema, schemaPath: string): TSchema | undefined {
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  // The path may end at a keyword (e.g. `.../minimum`); step back to the owning schema.
  return node !== null && typeof node === 'object'
    ? (node as TSchema)
    : parentSchema(schema, schemaPath);
}

function parentSchema(schema: TSchema, schemaPath: string): TSchema | undefined {
  const parts = schemaPath.split('/');
  return parts.length > 1 ? schemaAt(schema, parts.slice(0, -1).join('/')) : undefined;
}

function valueAt(value: unknown, pointer: string): unknown {
  let node = value;
  for (const part of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A short English description of what a schema accepts, e.g. "a positive integer". */
export function describeSchema(schema: TSchema): string {
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.anyOf)) {
    const literals = (s.anyOf as Record<string, unknown>[]).map((branch) => branch.const);
    if (literals.every((literal) => literal !== undefined)) {
      return `one of ${literals.map((literal) => JSON.stringify(literal)).join(', ')}`;
    }
    return 'a value of another type';
  }
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  const exclusiveMin = s.exclusiveMinimum as number | undefined;
  const exclusiveMax = s.exclusiveMaximum as number | undefined;
  const range = () => {
    const lower =
      min !== undefined ? `>= ${min}` : exclusiveMin !== undefined ? `> ${exclusiveMin}` : '';
    const upper =
      max !== undefined ? `<= ${max}` : exclusiveMax !== undefined ? `< ${exclusiveMax}` : '';
    return [lower, upper].filter(Boolean).join(' and ');
  };
  switch (s.type) {
    case 'integer':
      if (min === 1 && max === undefined) return 'a positive integer';
      if (min === 0 && max === undefined) return 'a non-negative integer';
      return range() ? `an integer ${range()}` : 'an integer';
    case 'number':
      return range() ? `a number ${range()}` : 'a number';
    case 'string':
      if (s.description && s.pattern) return `a string of the form ${s.description}`;
      if (s.minLength === 1) return 'a non-empty string';
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return s.minItems
        ? `a list of at least ${s.minItems} item(s)${s.uniqueItems ? ', no repeats' : ''}`
        : 'a list';
    case 'object':
      return 'a mapping of keys to values';
    default:
      return 'a valid value';
  }
}
