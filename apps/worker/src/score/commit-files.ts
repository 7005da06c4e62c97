import { rename, rm } from 'node:fs/promises';
import { temporaryPath } from '@churn/io';

/** One output of a set written together: `write` fills the temporary path it is given. */
export interface StagedFile {
  readonly file: string;
  /**
   * Writes the whole content to `temporary` with the shared writers (@churn/features
   * `writeCsv`, `writeFileAtomic`), which flush it to disk before they return.
   */
  readonly write: (temporary: string) => Promise<unknown>;
}

/**
 * Writes several files all-or-nothing, for outputs that belong together (predictions,
 * top-K, summary): every file is first written complete under a temporary sibling name
 * (`temporaryPath`, so `removeStaleTemporaryFiles` finds a killed run's leftovers), and only
 * when all are written are they renamed into place. When a write fails or `beforeCommit`
 * throws (an abort), the temporary files are removed and the previous outputs stay.
 *
 * The renames are one after the other, not one atomic step: a crash between two leaves
 * some new files next to older ones, each of them whole.
 */
export async function writeFilesTogether(
  files: readonly StagedFile[],
  beforeCommit: () => void = () => undefined,
): Promise<void> {
  const staged: Array<{ file: string; temporary: string }> = [];
  try {
    for (const { file, write } of files) {
      const temporary = temporaryPath(file);
      staged.push({ file, temporary });
      await write(temporary);
    }
    beforeCommit();
    while (staged.length > 0) {
      const { file, temporary } = staged[0]!;
      await rename(temporary, file);
      staged.shift();
    }
  } finally {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
  }
}
