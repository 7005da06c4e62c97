import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IoErrorCodes } from '@churn/io';
import { describe, expect, it } from 'vitest';
import {
  FeaturesErrorCodes,
  MISSING_CATEGORY,
  modelFeatureColumns,
  readFeatureFrame,
} from '../src/index.js';
import { temporaryDir } from './fixtures.js';

function csvFile(content: string): string {
  const file = join(temporaryDir(), 'frame.csv');
  writeFileSync(file, content);
  return file;
}

describe('readFeatureFrame', () => {
  const file = csvFile(
    'user_id,as_of_date,plan,country,marketing_source,days_since_signup,events_7d,churn_label\n' +
      '1,2025-01-01,paid,US,ads,3,10,0\n' +
      '2,2025-01-01,,IN,organic,,2.5,1\n',
  );

  it('reads keys, numbers (NaN when empty), categoricals (missing when empty) and the label', async () => {
    const frame = await readFeatureFrame(file);
    expect(frame.rows).toBe(2);
    expect(Array.from(frame.userId)).toEqual([1, 2]);
    expect(frame.asOfDate).toEqual(['2025-01-01', '2025-01-01']);
    expect(Array.from(frame.numeric.get('events_7d') ?? [])).toEqual([10, 2.5]);
    expect(Array.from(frame.numeric.get('days_since_signup') ?? [])).toEqual([3, Number.NaN]);
    expect(frame.categorical.get('plan')).toEqual(['paid', MISSING_CATEGORY]);
    expect(Array.from(frame.label ?? [])).toEqual([0, 1]);
  });

  it('reads only the requested columns, without the label when asked', async () => {
    const frame = await readFeatureFrame(file, {
      columns: [
        { name: 'plan', type: 'categorical' },
        { name: 'events_7d', type: 'numeric' },
      ],
      withLabel: false,
    });
    expect([...frame.numeric.keys()]).toEqual(['events_7d']);
    expect([...frame.categorical.keys()]).toEqual(['plan']);
    expect(frame.label).toBeUndefined();
  });

  it('lists every missing column', async () => {
    const columns = modelFeatureColumns({ windowsDays: [7], includeEngagementScore: false });
    const error = await readFeatureFrame(file, { columns }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: FeaturesErrorCodes.CHURN_ERR_CSV_MISSING_COLUMN, line: 1 });
    expect(String((error as Error).message)).toContain('active_days_7d');
  });

  it('refuses a non-numeric cell with its line and column', async () => {
    const bad = csvFile('user_id,as_of_date,events_7d\n1,2025-01-01,3\n2,2025-01-01,many\n');
    const error = await readFeatureFrame(bad).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: FeaturesErrorCodes.CHURN_ERR_CSV_BAD_VALUE, line: 3 });
    expect(String((error as Error).message)).toContain('events_7d');
  });

  it("refuses a value beyond float32 (the models' input type) with its line and column", async () => {
    for (const value of ['1e39', '-3.5e38', '1e309']) {
      const bad = csvFile(
        `user_id,as_of_date,events_7d\n1,2025-01-01,3.4e38\n2,2025-01-01,${value}\n`,
      );
      const error = await readFeatureFrame(bad).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: FeaturesErrorCodes.CHURN_ERR_CSV_BAD_VALUE, line: 3 });
      expect(String((error as Error).message)).toContain('events_7d');
    }
  });

  it('refuses a truncated file and a short row', async () => {
    const truncated = csvFile('user_id,as_of_date,events_7d\n1,2025-01-01,3\n2,2025-01-01,4');
    await expect(readFeatureFrame(truncated)).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_TRUNCATED,
      line: 3,
    });
    const short = csvFile('user_id,as_of_date,events_7d\n1,2025-01-01\n2,2025-01-01,4\n');
    await expect(readFeatureFrame(short)).rejects.toMatchObject({
      code: IoErrorCodes.CHURN_ERR_CSV_FIELD_COUNT,
      line: 2,
    });
  });
});
