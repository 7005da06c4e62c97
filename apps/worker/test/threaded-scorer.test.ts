import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScorer } from '@churn/scorer';
import { ThreadedScorer } from '@churn/scorer/thread';
import { describe, expect, it } from 'vitest';
import { scoreFeatures } from '../src/score/score-features.js';
import { FEATURES, failure, featureRows, parseCsv, tempDir, writeCsvFile } from './fixtures.js';
import { project, promoteTestModel } from './production-model.js';

// vitest's own process lacks the source condition that the thread needs to resolve @churn/*.
const EXEC_ARGV = ['--conditions=@churn/source'];

describe('ThreadedScorer', { timeout: 60_000 }, () => {
  it('scores in a worker thread exactly as the scorer does in process', async () => {
    const { config } = project();
    const version = await promoteTestModel(config);
    const modelDir = join(config.paths.models, version);
    const threaded = await ThreadedScorer.load(modelDir, { execArgv: EXEC_ARGV });
    expect(threaded.version).toBe(version);
    const dir = tempDir();
    const rows = featureRows({ users: 40, dates: ['2025-04-29', '2025-04-30'], seed: 5 });
    const input = writeCsvFile(dir, 'features.csv', rows);
    const summary = await scoreFeatures(threaded, {
      input,
      outDir: join(dir, 'out'),
      metricsDir: join(dir, 'metrics'),
      allDates: true,
      topK: 5,
      batchSize: 7,
      highRiskThreshold: 0.7,
    });
    await threaded.close();
    expect(summary.rows).toBe(80);

    const local = await loadScorer(modelDir);
    const source = new Map(rows.map((r) => [`${r.user_id}|${r.as_of_date}`, r]));
    const written = parseCsv(readFileSync(join(dir, 'out', 'predictions_all.csv'), 'utf8'));
    for (const out of written) {
      const row = source.get(`${out.user_id}|${out.as_of_date}`)!;
      const record = Object.fromEntries(
        FEATURES.map((f) => [
          f.name,
          row[f.name] === '' ? undefined : f.type === 'numeric' ? Number(row[f.name]) : row[f.name],
        ]),
      );
      const [alone] = await local.scoreRecords([record]);
      expect(Math.fround(Number(out.churn_risk))).toBe(alone);
    }
    await local.close();
    await expect(threaded.scoreFrame({ rows: 0 } as never)).rejects.toMatchObject({
      code: 'CHURN_ERR_SCORER_CLOSED',
    });
  });

  it('passes a load failure on with its code', async () => {
    const error = await failure(ThreadedScorer.load(tempDir(), { execArgv: EXEC_ARGV }));
    expect(error.code).toBe('CHURN_ERR_SCORER_MODEL_NOT_FOUND');
  });
});
