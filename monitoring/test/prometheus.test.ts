import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertRules, checkAlertRules } from '../src/alert-rules.js';
import { promtool } from '../src/promtool.js';
import { filesIn, PROMETHEUS, yamlFiles } from './paths.js';

const RULES = join(PROMETHEUS, 'rules');
const TESTS = join(PROMETHEUS, 'tests');

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'churn-monitoring-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('promtool', () => {
  it('accepts prometheus.yml and the rule files it loads', async () => {
    const result = await promtool(['check', 'config', 'prometheus.yml'], PROMETHEUS);
    expect(result.output).toContain('SUCCESS');
    expect(result.code, result.output).toBe(0);
    const ruleFiles = await filesIn(RULES, '.yml');
    expect(result.output).toContain(`${ruleFiles.length} rule files found`);
  });

  it('accepts every rule file', async () => {
    const files = (await filesIn(RULES, '.yml')).map((file) => relative(PROMETHEUS, file));
    const result = await promtool(['check', 'rules', ...files], PROMETHEUS);
    expect(result.code, result.output).toBe(0);
  });

  it('passes every alert unit test (each alert fires, then resolves)', async () => {
    const files = (await filesIn(TESTS, '.test.yml')).map((file) => relative(PROMETHEUS, file));
    const result = await promtool(['test', 'rules', ...files], PROMETHEUS);
    expect(result.code, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(files.length);
    // A few seconds alone; minutes on a CI machine busy with Docker builds.
  }, 300_000);

  it('refuses a rule file with a broken expression', async () => {
    const file = join(scratch, 'broken.yml');
    await writeFile(
      file,
      'groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: rate(x[5m]\n',
    );
    const result = await promtool(['check', 'rules', file], scratch);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/unclosed|parse error/i);
  });

  it('fails a unit test whose alert does not fire as expected', async () => {
    const rules = join(scratch, 'rules.yml');
    await writeFile(rules, await readFile(join(RULES, 'churn-worker.yml'), 'utf8'));
    const test = join(scratch, 'wrong.test.yml');
    await writeFile(
      test,
      [
        'rule_files: [rules.yml]',
        'tests:',
        '  - interval: 1m',
        '    input_series:',
        '      - series: \'churn_worker_drift_status{job="churn-worker",instance="w"}\'',
        "        values: '1x10'",
        '    alert_rule_test:',
        '      - eval_time: 5m',
        '        alertname: ChurnDriftFail',
        '        exp_alerts: [{ exp_labels: { severity: warning } }]',
        '',
      ].join('\n'),
    );
    const result = await promtool(['test', 'rules', test], scratch);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('ChurnDriftFail');
  });
});

describe('alert conventions', () => {
  it('every alert waits, has a severity, summary, description, runbook, and fires and resolves in a test', async () => {
    const rules = await yamlFiles(RULES, '.yml');
    const tests = await yamlFiles(TESTS, '.test.yml');
    expect(alertRules(rules).map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'ChurnApiHighErrorRatio',
        'ChurnApiHighLatencyP99',
        'ChurnModelNotServed',
        'ChurnModelLoadFailures',
        'ChurnPredictionDistributionShift',
        'ChurnWorkerScoreOverdue',
        'ChurnWorkerJobFailed',
        'ChurnDriftFail',
        'ChurnTargetDown',
      ]),
    );
    expect(checkAlertRules(rules, tests)).toEqual([]);
  });

  it('reports an alert without "for", severity, runbook, or a test that fires and resolves it', () => {
    const rules = [
      {
        file: 'bad.yml',
        text: [
          'groups:',
          '  - name: bad',
          '    rules:',
          '      - alert: NoFor',
          '        expr: up == 0',
          '        annotations: { summary: s, description: d }',
          '      - alert: NeverResolves',
          '        expr: up == 0',
          '        for: 1m',
          '        labels: { severity: page }',
          '        annotations: { summary: s, description: d, runbook: r }',
        ].join('\n'),
      },
    ];
    const tests = [
      {
        file: 'bad.test.yml',
        text: [
          'tests:',
          '  - alert_rule_test:',
          '      - { eval_time: 10m, alertname: NeverResolves, exp_alerts: [{ exp_labels: {} }] }',
          '      - { eval_time: 5m, alertname: NeverResolves, exp_alerts: [] }',
        ].join('\n'),
      },
    ];
    expect(checkAlertRules(rules, tests)).toEqual([
      'bad.yml: NoFor: no "for:"',
      'bad.yml: NoFor: severity label is undefined, expected one of critical,warning,info',
      'bad.yml: NoFor: no "runbook" annotation',
      'bad.yml: NoFor: no promtool test expects it to fire',
      'bad.yml: NeverResolves: severity label is page, expected one of critical,warning,info',
      'bad.yml: NeverResolves: no promtool test expects it to resolve after firing',
    ]);
  });
});
