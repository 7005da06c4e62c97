import { parse } from 'yaml';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
const REQUIRED_ANNOTATIONS = ['summary', 'description', 'runbook'] as const;

interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr?: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

interface AlertTest {
  readonly eval_time?: string;
  readonly alertname?: string;
  readonly exp_alerts?: readonly unknown[];
}

/** A rules or promtool test file: its name (for messages) and text. */
export interface YamlFile {
  readonly file: string;
  readonly text: string;
}

export interface AlertRule extends Rule {
  readonly alert: string;
  readonly expr: string;
  readonly file: string;
}

/** The alerting rules of Prometheus rule files (recording rules left out). */
export function alertRules(files: readonly YamlFile[]): AlertRule[] {
  return files.flatMap(({ file, text }) => {
    const doc = parse(text) as { groups?: { rules?: Rule[] }[] } | null;
    return (doc?.groups ?? []).flatMap((group) =>
      (group.rules ?? []).flatMap((rule) =>
        rule.alert ? [{ ...rule, alert: rule.alert, expr: rule.expr ?? '', file }] : [],
      ),
    );
  });
}

/**
 * The conventions promtool does not enforce: every alert waits (`for`), has a severity and
 * summary, description and runbook annotations, and some promtool test makes it fire and,
 * at a later evaluation, resolve. Returns the problems, each naming the file and alert.
 */
export function checkAlertRules(
  ruleFiles: readonly YamlFile[],
  testFiles: readonly YamlFile[],
): string[] {
  const problems: string[] = [];
  const evaluations = alertEvaluations(testFiles);
  for (const rule of alertRules(ruleFiles)) {
    const name = `${rule.file}: ${rule.alert}`;
    if (!rule.for || durationSeconds(rule.for) === 0) problems.push(`${name}: no "for:"`);
    const severity = rule.labels?.severity;
    if (!severity || !(SEVERITIES as readonly string[]).includes(severity)) {
      problems.push(`${name}: severity label is ${severity}, expected one of ${SEVERITIES}`);
    }
    for (const key of REQUIRED_ANNOTATIONS) {
      if (!rule.annotations?.[key]?.trim()) problems.push(`${name}: no "${key}" annotation`);
    }
    const seen = evaluations.get(rule.alert) ?? [];
    const firing = seen.filter((evaluation) => evaluation.firing);
    if (firing.length === 0) {
      problems.push(`${name}: no promtool test expects it to fire`);
      continue;
    }
    const firstFiring = Math.min(...firing.map((evaluation) => evaluation.at));
    if (!seen.some((evaluation) => !evaluation.firing && evaluation.at > firstFiring)) {
      problems.push(`${name}: no promtool test expects it to resolve after firing`);
    }
  }
  return problems;
}

function alertEvaluations(
  testFiles: readonly YamlFile[],
): Map<string, { at: number; firing: boolean }[]> {
  const byAlert = new Map<string, { at: number; firing: boolean }[]>();
  for (const { text } of testFiles) {
    const doc = parse(text) as { tests?: { alert_rule_test?: AlertTest[] }[] } | null;
    for (const test of doc?.tests ?? []) {
      for (const check of test.alert_rule_test ?? []) {
        if (!check.alertname || !check.eval_time) continue;
        const list = byAlert.get(check.alertname) ?? [];
        list.push({
          at: durationSeconds(check.eval_time),
          firing: (check.exp_alerts ?? []).length > 0,
        });
        byAlert.set(check.alertname, list);
      }
    }
  }
  return byAlert;
}

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  y: 31_536_000,
};

/**
 * A Prometheus duration in seconds.
 *
 * @example
 * durationSeconds('1h30m'); // => 5400
 */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) {
    throw new RangeError(`"${duration}" is not a Prometheus duration (e.g. 5m, 1h30m)`);
  }
  return parts.reduce(
    (sum, [, amount, unit]) => sum + Number(amount) * (UNIT_SECONDS[unit as string] as number),
    0,
  );
}
