import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../src/generated-files.js';
import { findObject, renderOverlay } from './helpers.js';

const RULES_DIR = join(REPO_ROOT, 'monitoring/prometheus/rules');
const DASHBOARDS_DIR = join(REPO_ROOT, 'monitoring/grafana/dashboards');

describe('the monitoring component (production)', () => {
  const objects = () => renderOverlay('production');

  it('the PrometheusRule holds exactly the groups of monitoring/prometheus/rules', () => {
    const groups = readdirSync(RULES_DIR)
      .filter((name) => name.endsWith('.yml'))
      .sort()
      .flatMap(
        (name) =>
          (parseYaml(readFileSync(join(RULES_DIR, name), 'utf8')) as { groups: unknown[] }).groups,
      );
    expect(groups.length).toBeGreaterThan(0);
    const rule = findObject<{ spec: { groups: unknown[] } }>(
      objects(),
      'PrometheusRule',
      'churn-mlops',
    );
    expect(rule.spec.groups).toEqual(groups);
  });

  it("the API's alerts name the job that the ServiceMonitor scrapes", () => {
    const rule = findObject<{ spec: { groups: Array<{ rules: Array<{ expr: string }> }> } }>(
      objects(),
      'PrometheusRule',
      'churn-mlops',
    );
    const jobs = new Set(
      rule.spec.groups.flatMap((group) =>
        group.rules.flatMap((r) => [...r.expr.matchAll(/\bjob="([^"]+)"/g)].map((m) => m[1])),
      ),
    );
    // The operator names the job after the Service; the worker's serve mode is not deployed here.
    const monitor = findObject<{ spec: { selector: { matchLabels: Record<string, string> } } }>(
      objects(),
      'ServiceMonitor',
      'churn-api',
    );
    const service = findObject<{ metadata: { labels: Record<string, string> } }>(
      objects(),
      'Service',
      'churn-api',
    );
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect([...jobs].filter((job) => job !== 'churn-worker')).toEqual([service.metadata.name]);
  });

  it('every dashboard of monitoring/grafana/dashboards is in a ConfigMap for Grafana', () => {
    const configMap = findObject<{ data: Record<string, string> }>(
      objects(),
      'ConfigMap',
      'churn-grafana-dashboards',
    );
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    const dashboards = readdirSync(DASHBOARDS_DIR).filter((name) => name.endsWith('.json'));
    expect(Object.keys(configMap.data).sort()).toEqual(dashboards.sort());
    for (const name of dashboards) {
      expect(JSON.parse(configMap.data[name]!)).toEqual(
        JSON.parse(readFileSync(join(DASHBOARDS_DIR, name), 'utf8')),
      );
    }
  });

  it('local applies without the Prometheus operator', () => {
    const operatorObjects = renderOverlay('local').filter((o) =>
      o.apiVersion.startsWith('monitoring.coreos.com/'),
    );
    expect(operatorObjects).toEqual([]);
  });
});
