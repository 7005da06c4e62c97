import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary sibling of `file`: same folder (so rename is atomic), unique per process and call. */
export function temporaryPath(file: string): string {
  return join(
    dirname(file),
    `${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** temporaryPath's naming: `<name>.tmp-<pid>-<8 hex digits>`. */
const TEMPORARY_NAME = /\.tmp-(\d+)-[0-9a-f]{8}$/;

/**
 * Removes the temporary files of temporaryPath's naming that a killed process left in
 * `dir` (kill -9 between write and rename). A file is stale when this process made it (the
 * caller knows none of its own writes is running), or when its process is gone here and the
 * file has not changed for `minAgeMs`: a writer in another container has a pid this one
 * cannot see, and the age keeps its file alive while it writes. Returns the removed names.
 */
export async function removeStaleTemporaryFiles(
  dir: string,
  options: { minAgeMs?: number; now?: number } = {},
): Promise<string[]> {
  const minAgeMs = options.minAgeMs ?? 60_000;
  const now = options.now ?? Date.now();
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(TEMPORARY_NAME.exec(name)?.[1]);
    if (!pid) continue;
    const file = join(dir, name);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    const stale = pid === process.pid || (!isRunning(pid) && now - info.mtimeMs >= minAgeMs);
    if (!stale) continue;
    await rm(file, { force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes chunks into an open file; `writeFileAtomic` hands one to a streaming producer. */
export type ChunkWriter = (bytes: Uint8Array) => Promise<void>;

/**
 * Writes a file atomically: the content goes into a temporary sibling, is flushed to disk,
 * and then replaces `file` by rename(2), so a reader sees the old file or the new one, never
 * half of one. `content` is the whole content, or a producer that streams chunks.
 * Creates the folder when missing; removes the temporary file when anything fails.
 *
 * @example
 * await writeFileAtomic('registry.json', JSON.stringify(state));
 * await writeFileAtomic('big.csv', async (write) => { for (const chunk of chunks) await write(chunk); });
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array | ((write: ChunkWriter) => Promise<void>),
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  const handle = await open(temporary, 'w');
  try {
    if (typeof content === 'function') {
      await content(async (bytes) => {
        let offset = 0;
        while (offset < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
          offset += bytesWritten;
        }
      });
    } else {
      await handle.writeFile(content);
    }
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
