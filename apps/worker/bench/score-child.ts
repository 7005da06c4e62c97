/**
 * One benchmark run in its own process, so its peak RSS is its own: scores the
 * features file with the production model (or BENCH_MODEL_DIR), writes into a
 * temp folder, and prints one JSON line with timings and process.resourceUsage().maxRSS.
 * Usage: tsx --conditions=@churn/source bench/score-child.ts <out-dir> [--all-dates]
 */
import { join } from 'node:path';
import { loadConfig } from '@churn/config';
import { openRegistry } from '@churn/registry';
import { loadScorer } from '@churn/scorer';
import { ModelHolder } from '../src/model-holder.js';
import { createTasks } from '../src/tasks.js';

const [out, ...flags] = process.argv.slice(2);
if (!out) throw new Error('usage: score-child.ts <out-dir> [--all-dates]');
const config = loadConfig({ overrides: { paths: { metrics: join(out, 'metrics') } } });
const fixedModel = process.env.BENCH_MODEL_DIR;
const source = fixedModel
  ? {
      production: async () => ({
        entry: { name: 'bench', version: 'bench' },
        modelDir: fixedModel,
      }),
    }
  : openRegistry({ dir: config.paths.registry, modelsDir: config.paths.models });
const threads = Number(process.env.BENCH_THREADS ?? config.worker.intra_op_threads);
const models = new ModelHolder(source, (dir) => loadScorer(dir, { intraOpNumThreads: threads }));
const started = performance.now();
const scorer = await models.ensure();
const loaded = performance.now();
const summary = await createTasks(config, models).score({
  allDates: flags.includes('--all-dates'),
  out: join(out, 'predictions'),
});
const done = performance.now();
await models.close();
console.log(
  JSON.stringify({
    model: scorer.version,
    rows: summary.rows,
    rowsRead: summary.input.rowsRead,
    loadSeconds: (loaded - started) / 1000,
    scoreSeconds: (done - loaded) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
