import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  checkDashboardQueries,
  type DashboardJson,
  dataPanels,
  panelQueries,
  readDashboard,
  toPromql,
} from '../src/dashboard.js';
import { checkDashboardSchema } from '../src/dashboard-schema.js';
import { filesIn, GRAFANA } from './paths.js';

const DASHBOARDS = join(GRAFANA, 'dashboards');

async function provisionedDatasourceUid(): Promise<string> {
  const file = join(GRAFANA, 'provisioning', 'datasources', 'prometheus.yml');
  const doc = parse(await readFile(file, 'utf8')) as { datasources: { uid: string }[] };
  const [datasource] = doc.datasources;
  if (!datasource?.uid) throw new Error(`${file}: no datasource uid`);
  return datasource.uid;
}

describe("dashboards against Grafana's dashboard schema (@grafana/schema)", () => {
  it('every dashboard fits the schema', async () => {
    for (const file of await filesIn(DASHBOARDS, '.json')) {
      expect(checkDashboardSchema(await readFile(file, 'utf8'), file)).toEqual([]);
    }
  });

  it('reports unknown keys, wrong types and bad enum values with their line', async () => {
    const [file] = await filesIn(DASHBOARDS, '.json');
    const broken = JSON.parse(await readFile(file as string, 'utf8'));
    broken.schemaVersion = '39';
    const panel = broken.panels.find((p: { type: string }) => p.type !== 'row');
    panel.gridPos = { x: 0 };
    panel.fieldConfig.defaults.thresholds = { mode: 'absolut', steps: [] };
    const problems = checkDashboardSchema(JSON.stringify(broken, null, 2), 'broken.json');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^broken\.json:\d+: Type 'string' is not assignable to type 'number'/,
        ),
        expect.stringMatching(/^broken\.json:\d+: .*missing the following properties.*: h, w, y/),
        expect.stringMatching(/^broken\.json:\d+: Type '"absolut"' is not assignable/),
      ]),
    );
    const line = Number(problems[0]?.split(':')[1]);
    expect(JSON.stringify(broken, null, 2).split('\n')[line - 1]).toContain('"schemaVersion"');
  });

  it('reports a misspelt top-level key and text that is not JSON', () => {
    const misspelt = JSON.stringify({ title: 't', schemaVersion: 39, pannels: [] });
    expect(checkDashboardSchema(misspelt, 'typo.json')).toEqual([
      expect.stringMatching(/^typo\.json:1: .*'"pannels"' does not exist in type/),
    ]);
    expect(checkDashboardSchema('{"title": ', 'cut.json')).toEqual([
      expect.stringMatching(/^cut\.json: not JSON: /),
    ]);
  });
});

describe('dashboard queries', () => {
  it('every panel queries the provisioned Prometheus with a PromQL expression', async () => {
    const uid = await provisionedDatasourceUid();
    for (const file of await filesIn(DASHBOARDS, '.json')) {
      const dashboard = await readDashboard(file);
      expect(checkDashboardQueries(dashboard, uid)).toEqual([]);
      expect(dataPanels(dashboard).length).toBeGreaterThan(0);
    }
  });

  it('covers the panels the monitoring issue asks for', async () => {
    const dashboard = await readDashboard(join(DASHBOARDS, 'churn-overview.json'));
    const exprs = panelQueries(dashboard).map((query) => query.expr);
    for (const metric of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'churn_predicted_risk_count',
      'churn_predicted_risk_bucket',
      'churn_model_info',
      'churn_worker_jobs_total',
      'churn_worker_drift_psi',
    ]) {
      expect(
        exprs.some((expr) => expr.includes(metric)),
        metric,
      ).toBe(true);
    }
  });

  it('reports a panel without queries, on another datasource, or reusing an id', () => {
    const dashboard: DashboardJson = {
      panels: [
        {
          id: 1,
          type: 'timeseries',
          title: 'ok',
          datasource: { uid: 'prometheus' },
          targets: [{ refId: 'A', expr: 'up' }],
        },
        { id: 1, type: 'stat', title: 'empty', datasource: { uid: 'prometheus' }, targets: [] },
        {
          id: 3,
          type: 'stat',
          title: 'elsewhere',
          datasource: { uid: 'loki' },
          targets: [{ refId: 'A', expr: ' ' }],
        },
      ],
    };
    expect(checkDashboardQueries(dashboard, 'prometheus')).toEqual([
      'panel id 1 is used twice',
      'panel "empty": no queries',
      'panel "elsewhere": datasource uid is loki, not prometheus',
      'panel "elsewhere" query A: empty expr',
    ]);
  });

  it("replaces Grafana's interval variables with a fixed window", () => {
    expect(toPromql('sum(rate(x[$__rate_interval])) / sum(increase(y[$__range]))', '5m')).toBe(
      'sum(rate(x[5m])) / sum(increase(y[5m]))',
    );
  });
});
