import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { YamlFile } from '../src/alert-rules.js';

export const MONITORING = fileURLToPath(new URL('..', import.meta.url));
export const PROMETHEUS = join(MONITORING, 'prometheus');
export const GRAFANA = join(MONITORING, 'grafana');

/** Files of `dir` ending in `suffix`, as paths relative to `base`; fails on an empty folder. */
export async function filesIn(dir: string, suffix: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(suffix)).sort();
  if (names.length === 0) throw new Error(`no *${suffix} in ${dir}`);
  return names.map((name) => join(dir, name));
}

export async function yamlFiles(dir: string, suffix: string): Promise<YamlFile[]> {
  const files = await filesIn(dir, suffix);
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}
