type Score = (records: ReadonlyArray<Record<string, unknown>>) => Promise<Float32Array>;
/** The index of the one row a failed run blames, or undefined when the run failed as a whole. */
type RowOf = (error: unknown) => number | undefined;

/**
 * Coalesces single-row requests into one onnxruntime run. A run has a fixed cost that dwarfs
 * the per-row cost: ~15 µs against ~2 µs a row for the trained model, and with
 * api.scoring_thread a hand-off to the scoring thread that costs more than the run itself
 * (docs/benchmarks.md). So under concurrency scoring rows together is what lets /predict keep
 * up with the HTTP layer. Rows queue while a run is in flight and go together in the next one;
 * an idle batcher starts a run at the end of the current event-loop turn, after the requests
 * parsed in that turn have joined. A run that fails because of one row (`rowOf`) fails only
 * that row's request; the others run again, so one caller's bad row never fails another
 * caller's request.
 *
 * @example
 * const batcher = new MicroBatcher((records) => scorer.scoreRecords(records), 256);
 * const risk = await batcher.score({ plan: 'paid' });
 */
export class MicroBatcher {
  #records: Array<Record<string, unknown>> = [];
  #resolves: Array<(risk: number) => void> = [];
  #rejects: Array<(error: unknown) => void> = [];
  #running = false;
  #scheduled = false;

  constructor(
    private readonly run: Score,
    private readonly maxBatch: number,
    private readonly rowOf: RowOf = () => undefined,
  ) {}

  score(record: Record<string, unknown>): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#records.push(record);
      this.#resolves.push(resolve);
      this.#rejects.push(reject);
      if (!this.#running && !this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flush);
      }
    });
  }

  #flush = (): void => {
    this.#scheduled = false;
    if (this.#records.length === 0) return;
    const take = Math.min(this.#records.length, this.maxBatch);
    const records = this.#records.splice(0, take);
    const resolves = this.#resolves.splice(0, take);
    const rejects = this.#rejects.splice(0, take);
    this.#running = true;
    this.run(records).then(
      (risks) => {
        for (let i = 0; i < resolves.length; i++)
          (resolves[i] as (risk: number) => void)(risks[i] as number);
        this.#next();
      },
      (error: unknown) => {
        const row = this.rowOf(error);
        if (row !== undefined && row >= 0 && row < records.length) {
          (rejects[row] as (error: unknown) => void)(error);
          records.splice(row, 1);
          resolves.splice(row, 1);
          rejects.splice(row, 1);
          // The others go first in the next run.
          this.#records.unshift(...records);
          this.#resolves.unshift(...resolves);
          this.#rejects.unshift(...rejects);
        } else {
          for (const reject of rejects) reject(error);
        }
        this.#next();
      },
    );
  };

  #next(): void {
    this.#running = false;
    if (this.#records.length > 0) this.#flush();
  }
}
