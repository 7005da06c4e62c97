import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Config } from './schema.js';

type Paths = Config['paths'];

const UNDER_DATA = ['raw', 'processed', 'features', 'predictions'] as const;
const UNDER_ARTIFACTS = ['models', 'metrics', 'registry', 'reports'] as const;

/** Resolves `paths`: data and artifacts against `root`, their children against them. */
export function resolvePaths(paths: Paths, root: string): Paths {
  const data = resolve(root, paths.data);
  const artifacts = resolve(root, paths.artifacts);
  const resolved: Paths = { ...paths, data, artifacts };
  for (const key of UNDER_DATA)
    resolved[key] = isAbsolute(paths[key]) ? paths[key] : join(data, paths[key]);
  for (const key of UNDER_ARTIFACTS) {
    resolved[key] = isAbsolute(paths[key]) ? paths[key] : join(artifacts, paths[key]);
  }
  return resolved;
}

/** The nearest directory at or above `start` that holds `config/config.yaml`, or undefined. */
export function findProjectRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'config', 'config.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
