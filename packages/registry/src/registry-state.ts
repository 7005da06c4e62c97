import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { RegistryError } from './errors.js';

export const REGISTRY_KIND = 'churn-model-registry';
export const REGISTRY_SCHEMA_VERSION = 1;
export const REGISTRY_FILE = 'registry.json';

const NonEmpty = Type.String({ minLength: 1 });

export const RegistryEntrySchema = Type.Object({
  name: NonEmpty,
  version: NonEmpty,
  algorithm: NonEmpty,
  /** Model folder, relative to the registry folder. */
  path: NonEmpty,
  /** Numeric metrics from the model card. */
  metrics: Type.Record(Type.String(), Type.Number()),
  primaryMetric: NonEmpty,
  registeredAt: NonEmpty,
  promotedAt: Type.Union([NonEmpty, Type.Null()]),
});

export const RegistryStateSchema = Type.Object({
  kind: Type.Literal(REGISTRY_KIND),
  schemaVersion: Type.Literal(REGISTRY_SCHEMA_VERSION),
  production: Type.Union([Type.Object({ name: NonEmpty, version: NonEmpty }), Type.Null()]),
  models: Type.Array(RegistryEntrySchema),
});

export type RegistryEntry = Static<typeof RegistryEntrySchema>;
export type RegistryState = Static<typeof RegistryStateSchema>;

export function emptyRegistryState(): RegistryState {
  return {
    kind: REGISTRY_KIND,
    schemaVersion: REGISTRY_SCHEMA_VERSION,
    production: null,
    models: [],
  };
}

/** Validates the content of registry.json; refuses another kind or schemaVersion. */
export function parseRegistryState(text: string, source: string): RegistryState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new RegistryError('CHURN_ERR_REGISTRY_INVALID', `${source} is not valid JSON`, { cause });
  }
  const record = (value ?? {}) as Record<string, unknown>;
  if (record.kind !== REGISTRY_KIND) {
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_INVALID',
      `${source} is not a model registry (kind ${JSON.stringify(record.kind)})`,
    );
  }
  if (record.schemaVersion !== REGISTRY_SCHEMA_VERSION) {
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_SCHEMA_VERSION',
      `${source} has schemaVersion ${JSON.stringify(record.schemaVersion)}; this reader knows ${REGISTRY_SCHEMA_VERSION}`,
    );
  }
  const errors = [...Value.Errors(RegistryStateSchema, value)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.instancePath || '(root)'}: ${e.message}`);
    throw new RegistryError(
      'CHURN_ERR_REGISTRY_INVALID',
      `${source} is invalid:\n  - ${[...new Set(lines)].join('\n  - ')}`,
    );
  }
  return value as RegistryState;
}
