import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a reference can point at in the repository: files, npm scripts, build targets. */
export interface Repository {
  root: string;
  exists(path: string): boolean;
  read(path: string): string;
}

export function openRepository(root: string): Repository {
  return {
    root,
    exists: (path) => existsSync(join(root, path)),
    read: (path) => readFileSync(join(root, path), 'utf8'),
  };
}

/** The `scripts` of a package.json, by its folder ('' for the root). */
export function npmScripts(repo: Repository, folder = ''): Set<string> {
  const manifest = JSON.parse(repo.read(join(folder, 'package.json'))) as {
    scripts?: Record<string, string>;
  };
  return new Set(Object.keys(manifest.scripts ?? {}));
}

/** The folder of the workspace named `name` (as in `npm run x -w name`), if there is one. */
export function workspaceFolder(repo: Repository, name: string): string | undefined {
  const lock = JSON.parse(repo.read('package-lock.json')) as {
    packages: Record<string, { name?: string }>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !path.includes('node_modules') && (entry.name === name || path === name)) {
      return path;
    }
  }
  return undefined;
}

/** Stage names of a Dockerfile (`FROM image AS name`), lower-cased as Docker compares them. */
export function dockerfileStages(text: string): Set<string> {
  const stages = new Set<string>();
  for (const match of text.matchAll(/^\s*FROM\s+\S.*?\s+AS\s+([\w.-]+)\s*$/gim)) {
    stages.add(match[1]!.toLowerCase());
  }
  return stages;
}

export interface BakeTarget {
  dockerfile?: string;
  target?: string;
  inherits: string[];
}

/** Targets and groups of a docker-bake.hcl: the flat blocks this repository writes. */
export function bakeDefinitions(text: string): {
  targets: Map<string, BakeTarget>;
  groups: Map<string, string[]>;
} {
  const targets = new Map<string, BakeTarget>();
  const groups = new Map<string, string[]>();
  for (const block of text.matchAll(/^(target|group)\s+"([^"]+)"\s*\{([\s\S]*?)^\}/gm)) {
    const [, kind, name, body] = block as unknown as [string, string, string, string];
    const list = (key: string) =>
      [
        ...(body.match(new RegExp(`^\\s*${key}\\s*=\\s*\\[([^\\]]*)\\]`, 'm'))?.[1] ?? '').matchAll(
          /"([^"]+)"/g,
        ),
      ].map((m) => m[1]!);
    const value = (key: string) =>
      body.match(new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
    if (kind === 'group') groups.set(name, list('targets'));
    else {
      const definition: BakeTarget = { inherits: list('inherits') };
      const dockerfile = value('dockerfile');
      const target = value('target');
      if (dockerfile !== undefined) definition.dockerfile = dockerfile;
      if (target !== undefined) definition.target = target;
      targets.set(name, definition);
    }
  }
  return { targets, groups };
}
