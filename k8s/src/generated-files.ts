import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify } from 'yaml';

/** The repository root (k8s/ is one of its folders). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A file under k8s/ made from files outside it, with the content it must have. */
export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly sources: readonly string[];
  readonly content: string;
}

const RULES_DIR = 'monitoring/prometheus/rules';
const DASHBOARDS_DIR = 'monitoring/grafana/dashboards';
const MONITORING_COMPONENT = 'k8s/components/monitoring';

/**
 * Files kustomize needs from elsewhere in the repository. Its load restrictor reads nothing
 * outside the kustomization's folder, and `kubectl apply -k` cannot lift it, so these are
 * copies: `npm run sync -w @churn/k8s` writes them, and a test fails when one is stale.
 */
export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const list = (dir: string, extension: string) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith(extension))
      .sort()
      .map((name) => `${dir}/${name}`);
  const rules = list(RULES_DIR, '.yml');
  return [
    {
      path: 'k8s/base/config/config.yaml',
      sources: ['config/config.yaml'],
      content: read('config/config.yaml'),
    },
    {
      path: `${MONITORING_COMPONENT}/prometheus-rule.yaml`,
      sources: rules,
      content: prometheusRule(rules.map((path) => ({ path, text: read(path) }))),
    },
    ...list(DASHBOARDS_DIR, '.json').map((source) => ({
      path: `${MONITORING_COMPONENT}/dashboards/${source.split('/').pop()}`,
      sources: [source],
      content: read(source),
    })),
  ];
}

/**
 * One PrometheusRule holding the groups of Prometheus rule files, in file order. The
 * operator's `spec.groups` has the rule files' `groups` shape, so nothing is rewritten.
 */
export function prometheusRule(files: ReadonlyArray<{ path: string; text: string }>): string {
  const groups = files.flatMap(({ path, text }) => {
    const parsed = parseYaml(text) as { groups?: unknown[] } | null;
    if (!Array.isArray(parsed?.groups)) throw new Error(`${path}: no groups list`);
    return parsed.groups;
  });
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'churn-mlops', labels: { 'app.kubernetes.io/name': 'churn-mlops' } },
    spec: { groups },
  };
  const header = [
    `# Generated from ${files.map((file) => file.path).join(', ')}`,
    '# by `npm run sync -w @churn/k8s`: edit those files, not this one.',
  ];
  return `${header.join('\n')}\n${stringify(rule, { lineWidth: 0 })}`;
}
