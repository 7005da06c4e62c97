/**
 * Checks a running Prometheus against this folder's files (the Docker e2e test runs it):
 *   check-live wait --scrapes 2   waits until every churn target was scraped twice more
 *   check-live check              targets up, every dashboard query returns a number, and every
 *                                 metric the alert rules name exists; prints the values
 * Options: --prometheus URL (default http://127.0.0.1:9090), --window 5m (what Grafana's
 * $__rate_interval and $__range become). Exit code 1 when a check fails.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { alertRules } from '../alert-rules.js';
import { panelQueries, readDashboard, toPromql } from '../dashboard.js';
import { hasNumber, PrometheusApi, type Sample } from '../prometheus-api.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JOBS = ['churn-api', 'churn-worker'];

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    prometheus: { type: 'string', default: 'http://127.0.0.1:9090' },
    window: { type: 'string', default: '5m' },
    scrapes: { type: 'string', default: '2' },
    timeout: { type: 'string', default: '120' },
  },
});
const api = new PrometheusApi(values.prometheus);

async function scrapeCounts(): Promise<Map<string, number>> {
  const samples = await api.query(`count_over_time(up{job=~"${JOBS.join('|')}"}[1h])`);
  return new Map(samples.map((sample) => [sample.metric.job ?? '', Number(sample.value[1])]));
}

async function waitForScrapes(): Promise<boolean> {
  const wanted = Number(values.scrapes);
  const deadline = Date.now() + Number(values.timeout) * 1000;
  let start: Map<string, number> | undefined;
  while (Date.now() < deadline) {
    try {
      const counts = await scrapeCounts();
      start ??= new Map(JOBS.map((job) => [job, counts.get(job) ?? 0]));
      const behind = JOBS.filter((job) => (counts.get(job) ?? 0) < (start?.get(job) ?? 0) + wanted);
      if (behind.length === 0) {
        console.log(
          `scraped ${wanted} more times: ${JOBS.map((j) => `${j} ${counts.get(j)}`).join(', ')}`,
        );
        return true;
      }
    } catch {
      // Prometheus still starting.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.error(`not scraped ${wanted} more times within ${values.timeout}s`);
  return false;
}

function show(samples: readonly Sample[]): string {
  return samples
    .slice(0, 4)
    .map((sample) => {
      const labels = Object.entries(sample.metric)
        .filter(([key]) => key !== '__name__' && key !== 'job' && key !== 'instance')
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      const value = Number(sample.value[1]);
      return `${labels ? `{${labels}} ` : ''}${Number.isInteger(value) ? value : value.toPrecision(4)}`;
    })
    .concat(samples.length > 4 ? [`… ${samples.length} series`] : [])
    .join('; ');
}

async function check(): Promise<boolean> {
  let ok = true;
  const fail = (message: string) => {
    ok = false;
    console.log(`FAIL ${message}`);
  };

  console.log('targets:');
  const targets = await api.activeTargets();
  for (const job of JOBS) {
    const ofJob = targets.filter((target) => target.labels.job === job);
    if (ofJob.length === 0) fail(`no target for job ${job}`);
    for (const target of ofJob) {
      console.log(
        `  ${job} ${target.scrapeUrl} ${target.health} (last scrape ${target.lastScrape})`,
      );
      if (target.health !== 'up') fail(`${job} is ${target.health}: ${target.lastError}`);
    }
  }

  const dashboardDir = join(ROOT, 'grafana', 'dashboards');
  for (const name of (await readdir(dashboardDir)).filter((file) => file.endsWith('.json'))) {
    const dashboard = await readDashboard(join(dashboardDir, name));
    const queries = panelQueries(dashboard);
    const withData = new Set<number | undefined>();
    console.log(`\n${name} (${values.window} for $__rate_interval and $__range):`);
    for (const query of queries) {
      const promql = toPromql(query.expr, values.window);
      const samples = await api.query(promql).catch((error: Error) => {
        fail(`${query.panel} ${query.refId}: ${error.message}`);
        return [];
      });
      const finite = samples.filter(hasNumber);
      console.log(
        `  [${query.panel}] ${query.refId}: ${promql}\n      = ${show(samples) || '(no data)'}`,
      );
      if (finite.length === 0) fail(`${query.panel} ${query.refId}: no numeric data`);
      else withData.add(query.panelId);
    }
    const panels = new Set(queries.map((query) => query.panelId)).size;
    const allQueries = queries.every((query) => withData.has(query.panelId));
    console.log(
      `${name}: ${withData.size} of ${panels} panels returned data${allQueries ? '' : ' (not every query)'}`,
    );
  }

  const rulesDir = join(ROOT, 'prometheus', 'rules');
  const ruleFiles = await Promise.all(
    (await readdir(rulesDir))
      .filter((file) => file.endsWith('.yml'))
      .map(async (file) => ({ file, text: await readFile(join(rulesDir, file), 'utf8') })),
  );
  const known = await api.metricNames();
  const named = new Set(
    alertRules(ruleFiles).flatMap(
      (rule) => rule.expr.match(/\b(?:churn|http)_[a-z0-9_]+\b|\bup\b/g) ?? [],
    ),
  );
  const missing = [...named].filter((name) => !known.has(name));
  console.log(
    `\nalert rules name ${named.size} metrics; missing in Prometheus: ${missing.join(', ') || 'none'}`,
  );
  if (missing.length > 0)
    fail(`metrics named by alert rules but not scraped: ${missing.join(', ')}`);
  return ok;
}

const command = positionals[0];
if (command === 'wait') process.exitCode = (await waitForScrapes()) ? 0 : 1;
else if (command === 'check') process.exitCode = (await check()) ? 0 : 1;
else {
  console.error('usage: check-live wait|check [--prometheus URL] [--window 5m] [--scrapes 2]');
  process.exitCode = 2;
}
