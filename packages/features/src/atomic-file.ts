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

/**
 * Writes a file atomically: `fill` writes into a temporary sibling, which then replaces
 * `file` by rename, so a reader sees the old file or the new one, never half of one.
 * Creates the folder when missing; removes the temporary file when `fill` fails.
 */
export async function writeFileAtomic(
  file: string,
  fill: (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = temporaryPath(file);
  const handle = await open(temporary, 'w');
  try {
    await fill(async (bytes) => {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    });
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
