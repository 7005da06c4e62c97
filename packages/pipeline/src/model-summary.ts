import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One model in the pipeline's closing table. */
export interface ModelSummaryRow {
  readonly name: string;
  readonly version: string;
  readonly metrics: Readonly<Record<string, number>>;
  readonly production: boolean;
}

export interface ModelSummary {
  /** Where the rows came from: the registry file, the metrics folder, or nowhere yet. */
  readonly source: 'registry' | 'metrics' | 'none';
  readonly rows: readonly ModelSummaryRow[];
  readonly production: { readonly name: string; readonly version: string } | null;
}

interface RegistryFile {
  kind?: string;
  production?: { name: string; version: string } | null;
  models?: Array<{ name: string; version: string; metrics?: unknown; registeredAt?: string }>;
}

/**
 * The latest version of each model with its metrics, and the production model: from
 * `registryDir/registry.json` when it exists, else from the metrics JSONs in `metricsDir`.
 */
export async function readModelSummary(dirs: {
  registry: string;
  metrics: string;
}): Promise<ModelSummary> {
  const registry = await readJson<RegistryFile>(join(dirs.registry, 'registry.json'));
  if (registry?.kind === 'churn-model-registry' && Array.isArray(registry.models)) {
    const production = registry.production ?? null;
    const toRow = (model: NonNullable<RegistryFile['models']>[number]): ModelSummaryRow => ({
      name: model.name,
      version: model.version,
      metrics: numbersOf(model.metrics),
      production: production?.version === model.version,
    });
    // Later entries are newer: keep the last of each name, and the production one.
    const latest = new Map(registry.models.map((model) => [model.name, toRow(model)]));
    const rows = [...latest.values()];
    const current = registry.models.find((model) => model.version === production?.version);
    if (current && !rows.some((row) => row.production)) rows.push(toRow(current));
    return { source: 'registry', rows, production };
  }
  const files = await readdir(dirs.metrics).catch(() => [] as string[]);
  const rows = new Map<string, ModelSummaryRow>();
  for (const file of files.filter((name) => name.endsWith('.json')).sort()) {
    const json = await readJson<Record<string, unknown>>(join(dirs.metrics, file));
    if (!json) continue;
    const version = typeof json.version === 'string' ? json.version : file.replace(/\.json$/, '');
    const name = typeof json.name === 'string' ? json.name : version.split('-')[0]!;
    rows.set(name, { name, version, metrics: numbersOf(json.metrics ?? json), production: false });
  }
  return { source: rows.size > 0 ? 'metrics' : 'none', rows: [...rows.values()], production: null };
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The numeric fields of an object, one level of nesting flattened (`test.pr_auc` -> `pr_auc`). */
function numbersOf(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'number') out[key] ??= inner;
    else if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const [innerKey, leaf] of Object.entries(inner)) {
        if (typeof leaf === 'number') out[innerKey] ??= leaf;
      }
    }
  }
  return out;
}
