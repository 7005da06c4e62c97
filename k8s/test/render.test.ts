import { describe, expect, it } from 'vitest';
import { renderKustomization } from '../src/render.js';
import { findObject, K8S_DIR, OVERLAYS, render, renderOverlay } from './helpers.js';

describe('rendering', () => {
  it('finds the local and production overlays', () => {
    expect(OVERLAYS).toEqual(expect.arrayContaining(['local', 'production']));
  });

  it.each(OVERLAYS)('%s renders the API, its Service, the jobs, volumes and config', (overlay) => {
    const objects = renderOverlay(overlay);
    for (const [kind, name] of [
      ['Namespace', 'churn-mlops'],
      ['Deployment', 'churn-api'],
      ['Service', 'churn-api'],
      ['Job', 'churn-train'],
      ['CronJob', 'churn-score'],
      ['CronJob', 'churn-drift'],
      ['ConfigMap', 'churn-config'],
      ['PersistentVolumeClaim', 'churn-data'],
      ['PersistentVolumeClaim', 'churn-artifacts'],
    ] as const) {
      expect(() => findObject(objects, kind, name)).not.toThrow();
    }
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(
        'churn-mlops',
      );
    }
  });

  it.each(OVERLAYS)('%s renders the same with kustomize build as with kubectl', (overlay) => {
    const dir = `${K8S_DIR}overlays/${overlay}`;
    expect(renderKustomization(dir, 'kustomize')).toEqual(renderOverlay(overlay));
  });

  it('names the missing tool when it is not installed', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      expect(() => renderKustomization(`${K8S_DIR}overlays/local`)).toThrow(
        /kubectl not found on PATH: install kubectl/,
      );
    } finally {
      process.env.PATH = path;
    }
  });

  it('local: one replica, reachable on NodePort 30800, volumes of one node', () => {
    const objects = renderOverlay('local');
    expect(findObject(objects, 'Deployment', 'churn-api').spec).toMatchObject({ replicas: 1 });
    expect(findObject(objects, 'Service', 'churn-api').spec).toMatchObject({
      type: 'NodePort',
      ports: [{ nodePort: 30800 }],
    });
  });

  it('production: HPA on CPU owns the replicas, PDB, spread, default-deny, pinned images', () => {
    const objects = renderOverlay('production');
    const deployment = findObject<{
      spec: { replicas?: number; template: { spec: Record<string, unknown> } };
    }>(objects, 'Deployment', 'churn-api');
    expect(deployment.spec.replicas).toBeUndefined();
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'churn-api').spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'churn-api' },
      minReplicas: 2,
      metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
    });
    expect(findObject(objects, 'PodDisruptionBudget', 'churn-api').spec).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'churn-api' } },
    });
    const spread = deployment.spec.template.spec.topologySpreadConstraints as Array<{
      topologyKey: string;
    }>;
    expect(spread.map((constraint) => constraint.topologyKey)).toEqual([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
    ]);
    expect(findObject(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const images = objects
      .flatMap((o) => JSON.stringify(o).match(/"image":"[^"]+"/g) ?? [])
      .map((field) => field.slice('"image":"'.length, -1));
    expect(new Set(images)).toEqual(
      new Set([
        'ghcr.io/your-org/churn-mlops-api:0.1.0',
        'ghcr.io/your-org/churn-mlops-worker:0.1.0',
      ]),
    );
  });

  it('the scheduled-training component runs exactly the churn-train Job spec', () => {
    const objects = render('test/fixtures/with-retraining');
    const job = findObject<{ spec: unknown }>(objects, 'Job', 'churn-train');
    const cronJob = findObject<{
      spec: { concurrencyPolicy: string; jobTemplate: { spec: unknown } };
    }>(objects, 'CronJob', 'churn-retrain');
    expect(cronJob.spec.jobTemplate.spec).toEqual(job.spec);
    expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
  });
});
