import { join } from 'node:path';
import type { ResolvedConfig } from '@churn/config';
import {
  buildReferenceProfile,
  type FeatureFrame,
  REFERENCE_PROFILE_FILE,
  type ReferenceProfile,
  withModelScores,
} from '@churn/features';
import { writeFileAtomic } from '@churn/io';
import type { TimeSplit } from '@churn/model/train';

export interface ProfileInput {
  readonly config: ResolvedConfig;
  readonly model: { readonly name: string; readonly version: string };
  readonly modelDir: string;
  readonly split: TimeSplit;
  readonly frames: { readonly train: FeatureFrame; readonly test: FeatureFrame };
  /** The model's scores of the test split. */
  readonly testScores: ArrayLike<number>;
  /** Another model's profile of the same split: its feature distributions are reused. */
  readonly sameRows?: ReferenceProfile;
}

/**
 * Writes the model's reference profile next to it. The profiled rows are the test split:
 * the latest labelled dates, closest to what the model will score, and the rows its
 * metrics and score distribution come from. Every feature column of the frame is profiled.
 */
export async function writeReferenceProfile(
  input: ProfileInput,
): Promise<{ file: string; profile: ReferenceProfile }> {
  const { config, split, frames } = input;
  const common = {
    model: input.model,
    frame: frames.test,
    scores: input.testScores,
    bins: config.drift.bins,
    windowDays: config.churn.window_days,
  };
  const profile =
    input.sameRows === undefined
      ? buildReferenceProfile({
          ...common,
          source: `training set, test split (${split.testFrom}..${split.testTo})`,
          features: [
            ...[...frames.test.categorical.keys()].map((name) => ({
              name,
              type: 'categorical' as const,
            })),
            ...[...frames.test.numeric.keys()].map((name) => ({ name, type: 'numeric' as const })),
          ],
          trainingWindow: { from: split.trainFrom, to: split.testTo },
          rows: { train: frames.train.rows, test: frames.test.rows },
        })
      : withModelScores(input.sameRows, common);
  const file = join(input.modelDir, REFERENCE_PROFILE_FILE);
  await writeFileAtomic(file, `${JSON.stringify(profile)}\n`);
  return { file, profile };
}
