import type { KubeObject } from './render.js';

/**
 * The schema the objects are validated against: kubernetes-models 5.1.0 is generated from the
 * OpenAPI spec of Kubernetes v1.36.0 (merged with the removed APIs of older versions, which
 * STABLE_API_VERSIONS keeps out); the operator's kinds from prometheus-operator v0.91.0.
 */
export const SCHEMA_SOURCE = 'Kubernetes v1.36.0 (kubernetes-models 5.1.0)';

/**
 * The API versions the manifests may use: GA versions served by every Kubernetes release
 * from 1.31 on (podFailurePolicy is GA there, and kind's and the managed clusters' current
 * releases are newer).
 */
export const STABLE_API_VERSIONS: ReadonlySet<string> = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v2',
  'policy/v1',
  'networking.k8s.io/v1',
  'monitoring.coreos.com/v1',
]);

/** Module of kubernetes-models (or a third-party models package) for an apiVersion. */
function modelModule(apiVersion: string): string {
  if (apiVersion === 'v1') return 'kubernetes-models/v1';
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/**
 * Validates one object against its kind's OpenAPI schema; returns the problems
 * (`Kind/name: <path> <message>`), or a problem when no schema knows the kind.
 */
export async function schemaViolations(object: KubeObject): Promise<string[]> {
  const where = `${object.kind}/${object.metadata?.name}`;
  let models: Record<string, unknown>;
  try {
    models = (await import(modelModule(object.apiVersion))) as Record<string, unknown>;
  } catch {
    return [`${where}: no schema for apiVersion ${object.apiVersion}`];
  }
  const Kind = models[object.kind] as ModelClass | undefined;
  if (!Kind) return [`${where}: no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Kind(object).validate();
    return [];
  } catch (error) {
    return [`${where}: ${(error as Error).message}`];
  }
}
