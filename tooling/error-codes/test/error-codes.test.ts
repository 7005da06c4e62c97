import { ApiErrors } from '@churn/api';
import { ConfigErrorCodes } from '@churn/config';
import { codeMapProblems, HttpErrorCodes } from '@churn/errors';
import { FeaturesErrorCodes } from '@churn/features';
import { IoErrorCodes } from '@churn/io';
import { ModelErrorCodes } from '@churn/model';
import { TrainErrorCodes } from '@churn/model/train';
import { PipelineErrorCodes, ValidationCodes } from '@churn/pipeline';
import { RegistryErrorCodes } from '@churn/registry';
import { ReportErrorCodes } from '@churn/report';
import { ScorerErrorCodes } from '@churn/scorer';
import { WorkerErrorCodes } from '@churn/worker';
import { describe, expect, it } from 'vitest';

/** Every code map of the repository, by the workspace (and entry) that owns it. */
const CODE_MAPS: Record<string, Record<string, string>> = {
  '@churn/errors': HttpErrorCodes,
  '@churn/config': ConfigErrorCodes,
  '@churn/io': IoErrorCodes,
  '@churn/features': FeaturesErrorCodes,
  '@churn/model': ModelErrorCodes,
  '@churn/model/train': TrainErrorCodes,
  '@churn/scorer': ScorerErrorCodes,
  '@churn/registry': RegistryErrorCodes,
  '@churn/report': ReportErrorCodes,
  '@churn/pipeline': PipelineErrorCodes,
  '@churn/pipeline validation': ValidationCodes,
  // The API's registry maps each code to its status and message; its keys are the codes.
  '@churn/api': Object.fromEntries(Object.keys(ApiErrors).map((code) => [code, code])),
  '@churn/worker': WorkerErrorCodes,
};

describe('error codes across the repository', () => {
  it('has every key equal to its code and no code defined twice', () => {
    expect(codeMapProblems(CODE_MAPS, HttpErrorCodes)).toEqual([]);
  });

  it('names a code a second workspace defines again', () => {
    const copy = { CHURN_ERR_CSV_EMPTY: 'CHURN_ERR_CSV_EMPTY' };
    expect(codeMapProblems({ ...CODE_MAPS, copy }, HttpErrorCodes)).toEqual([
      'CHURN_ERR_CSV_EMPTY is defined by both @churn/io and copy',
    ]);
  });
});
