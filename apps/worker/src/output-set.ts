import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { temporaryPath } from '@churn/features';

/**
 * A set of output files written all-or-nothing: every file goes to
 * `<file>.tmp-<pid>-<random>` in its own folder, and only `commit()` renames
 * them into place. A run that fails calls `abort()`, which removes the temp
 * files, so the previous outputs stay untouched and no partial file appears.
 */
export class OutputSet {
  readonly #staged = new Map<string, string>();

  /** Writes `chunks` to a temp file for `file`. */
  async write(file: string, chunks: Iterable<string>): Promise<void> {
    const temp = await this.#tempFor(file);
    const stream = createWriteStream(temp, { encoding: 'utf8' });
    try {
      for (const chunk of chunks) {
        if (!stream.write(chunk))
          await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
      }
      stream.end();
      await finished(stream);
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }

  /** Stages `file` as a byte copy of the already staged `source`. */
  async copy(source: string, file: string): Promise<void> {
    const staged = this.#staged.get(source);
    if (!staged) throw new RangeError(`OutputSet.copy requires a staged source, got ${source}`);
    await copyFile(staged, await this.#tempFor(file));
  }

  /** Renames every staged file into place. */
  async commit(): Promise<string[]> {
    const files = [...this.#staged.keys()];
    for (const [file, temp] of this.#staged) await rename(temp, file);
    this.#staged.clear();
    return files;
  }

  /** Removes every staged temp file; safe to call more than once. */
  async abort(): Promise<void> {
    const temps = [...this.#staged.values()];
    this.#staged.clear();
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
  }

  async #tempFor(file: string): Promise<string> {
    await mkdir(dirname(file), { recursive: true });
    const temp = temporaryPath(file);
    this.#staged.set(file, temp);
    return temp;
  }
}
