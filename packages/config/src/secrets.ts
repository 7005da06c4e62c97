import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Keys holding a secret. Each may instead be read from the file named by `<key>_file` (a
 * mounted secret, e.g. /run/secrets/api_token), which keeps it out of the environment and of
 * `docker inspect`. Printing the configuration masks them.
 */
export const SECRET_KEYS: readonly string[] = ['api.auth_token', 'worker.auth_token'];

/** Shortest accepted secret: a bearer token must not be guessable. */
export const MIN_SECRET_LENGTH = 16;

type Sections = Record<string, Record<string, unknown>>;

/**
 * Fills each secret from its file when `<key>_file` is set (surrounding whitespace, such as the
 * file's last newline, is dropped) and checks its length. Returns the problems, one per key;
 * messages never contain a secret.
 */
export function readSecretFiles(config: Sections, root: string): string[] {
  const issues: string[] = [];
  for (const keyPath of SECRET_KEYS) {
    const [section, key] = keyPath.split('.') as [string, string];
    const values = config[section] as Record<string, unknown>;
    const file = values[`${key}_file`];
    if (typeof file === 'string' && file !== '') {
      if (values[key] !== '') {
        issues.push(`${keyPath}: set either ${keyPath} or ${keyPath}_file, not both`);
        continue;
      }
      const path = resolve(root, file);
      try {
        values[key] = readFileSync(path, 'utf8').trim();
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        issues.push(`${keyPath}_file: cannot read ${path} (${reason})`);
        continue;
      }
      if (values[key] === '') issues.push(`${keyPath}_file: ${path} is empty`);
    }
    const secret = values[key];
    if (typeof secret === 'string' && secret !== '' && secret.length < MIN_SECRET_LENGTH) {
      issues.push(`${keyPath}: must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  }
  return issues;
}

/** A copy of the configuration with every set secret replaced by a mask, for printing. */
export function maskSecrets<T extends object>(config: T): T {
  const copy = structuredClone(config) as unknown as Sections;
  for (const keyPath of SECRET_KEYS) {
    const [section, key] = keyPath.split('.') as [string, string];
    const values = copy[section];
    if (values && values[key] !== '') values[key] = '(set, hidden)';
  }
  return copy as unknown as T;
}
