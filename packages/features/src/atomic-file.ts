import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary sibling of `file`: same folder (so rename is atomic), unique per process and call. */
export function temporaryPath(file: string): string {
  return join(
    dirname(file),
    `${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
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
