import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryError } from './errors.js';

/** The append-only audit log next to registry.json: one JSON object a line. */
export const AUDIT_FILE = 'audit.jsonl';

export type AuditAction = 'register' | 'promote' | 'rollback';

export interface AuditEntry {
  readonly at: string;
  /** Who: the CLI's user, `pipeline`, the worker; RegistryOptions.actor. */
  readonly actor: string;
  readonly action: AuditAction;
  readonly version: string;
  /** Production before a promote or rollback; null for register. */
  readonly previous: string | null;
  readonly reason: string;
}

/**
 * Appends one entry. The file is opened in append mode (O_APPEND), so each line lands
 * whole at the end even with several writers, and synced before returning.
 */
export async function appendAudit(dir: string, entry: AuditEntry): Promise<void> {
  const file = await open(join(dir, AUDIT_FILE), 'a');
  try {
    await file.write(`${JSON.stringify(entry)}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
}

/** Every entry, oldest first; a missing log is empty. A bad line is refused with its number. */
export async function readAudit(dir: string): Promise<AuditEntry[]> {
  const file = join(dir, AUDIT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const entries: AuditEntry[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    let entry: Partial<AuditEntry>;
    try {
      entry = JSON.parse(line);
    } catch (cause) {
      throw new RegistryError('CHURN_ERR_REGISTRY_INVALID', `${file}:${index + 1}: not JSON`, {
        cause,
      });
    }
    if (typeof entry.version !== 'string' || typeof entry.action !== 'string') {
      throw new RegistryError(
        'CHURN_ERR_REGISTRY_INVALID',
        `${file}:${index + 1}: an audit entry needs version and action`,
      );
    }
    entries.push(entry as AuditEntry);
  }
  return entries;
}
