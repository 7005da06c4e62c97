import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/render.js';
import { SCHEMA_SOURCE, STABLE_API_VERSIONS, schemaViolations } from '../src/schema.js';
import { findObject, OVERLAYS, render, renderOverlay } from './helpers.js';

const FOLDERS = [
  ...OVERLAYS.map((overlay) => `overlays/${overlay}`),
  'test/fixtures/with-retraining',
  'test/fixtures/with-sharded-scoring',
];

describe(`OpenAPI schema of ${SCHEMA_SOURCE}`, () => {
  it.each(FOLDERS)('every object of %s is valid', async (folder) => {
    const objects = render(folder);
    const problems = (await Promise.all(objects.map(schemaViolations))).flat();
    expect(problems).toEqual([]);
  });

  it.each(FOLDERS)('%s uses only stable API versions', (folder) => {
    const unstable = render(folder)
      .filter((object) => !STABLE_API_VERSIONS.has(object.apiVersion))
      .map((object) => `${object.apiVersion} ${object.kind}/${object.metadata.name}`);
    expect(unstable).toEqual([]);
  });

  it('reports a field of the wrong type, with its path', async () => {
    const deployment = structuredClone(
      findObject(renderOverlay('local'), 'Deployment', 'churn-api'),
    ) as KubeObject & { spec: { template: { spec: { containers: Array<{ ports: unknown }> } } } };
    deployment.spec.template.spec.containers[0]!.ports = [{ containerPort: 'http' }];
    const problems = await schemaViolations(deployment);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^Deployment\/churn-api: .*spec\/template\/spec\/containers\/0\/ports\/0\/containerPort must be integer/,
    );
  });

  it('reports a kind that no schema knows instead of passing it', async () => {
    const unknown = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } };
    expect(await schemaViolations(unknown)).toEqual([
      'Deploymnet/x: no schema for apps/v1 Deploymnet',
    ]);
    const group = { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'y' } };
    expect(await schemaViolations(group)).toEqual([
      'Thing/y: no schema for apiVersion example.com/v1',
    ]);
  });
});
