import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MISSING_CATEGORY } from '@churn/features';
import { writeFileAtomic } from '@churn/io';
import { ModelError } from '../errors.js';
import {
  MODEL_CARD_FILE,
  MODEL_CARD_SCHEMA_VERSION,
  type ModelCard,
  ONNX_FILE,
  ONNX_OUTPUT_NAME,
  parseModelCard,
} from '../model-card.js';
import type { ModelParams } from '../params.js';
import { buildOnnxModel } from './build-onnx-model.js';
import { featureInputs, ONNX_IR_VERSION, ONNX_OPSETS } from './graph-builder.js';

/** What the card needs besides the parameters; everything the caller measured. */
export interface ExportMeta {
  /** Model name, e.g. "gradient_boosting"; the version starts with it. */
  readonly name: string;
  /** Training time; also fixes the version's timestamp (pass a fixed date in tests). */
  readonly createdAt: Date;
  readonly threshold: number;
  /** evaluation.primary_metric; `metrics[primaryMetric]` must be a number. */
  readonly primaryMetric: string;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly trainingData: ModelCard['trainingData'];
}

export interface ExportedModel {
  /** `<name>-<YYYYMMDDTHHMMSSZ>-<first 8 hex of the ONNX sha256>` */
  readonly version: string;
  /** `<modelsDir>/<version>` */
  readonly dir: string;
  readonly onnxFile: string;
  readonly cardFile: string;
  readonly card: ModelCard;
  readonly onnxBytes: number;
}

/**
 * Writes `<modelsDir>/<version>/model.onnx` and then `model-card.json`, each
 * atomically (temp file + rename). The card comes last, so a folder with a card
 * always holds its complete model. The ONNX bytes depend only on `params`.
 *
 * @example
 * const { version, dir } = await exportModel(params, meta, config.paths.models);
 */
export async function exportModel(
  params: ModelParams,
  meta: ExportMeta,
  modelsDir: string,
): Promise<ExportedModel> {
  const onnx = buildOnnxModel(params);
  const card = modelCardFor(params, meta, onnx);
  const dir = join(modelsDir, card.version);
  await mkdir(dir, { recursive: true });
  const onnxFile = join(dir, ONNX_FILE);
  const cardFile = join(dir, MODEL_CARD_FILE);
  await writeFileAtomic(onnxFile, onnx);
  await writeFileAtomic(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  return { version: card.version, dir, onnxFile, cardFile, card, onnxBytes: onnx.length };
}

/** The card of an exported model; validated, so a bad `meta` fails before anything is written. */
export function modelCardFor(params: ModelParams, meta: ExportMeta, onnx: Uint8Array): ModelCard {
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  if (!(meta.createdAt instanceof Date) || Number.isNaN(meta.createdAt.getTime())) {
    throw new ModelError('CHURN_ERR_MODEL_EXPORT_META_INVALID', 'createdAt must be a valid Date');
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(meta.name)) {
    throw new ModelError(
      'CHURN_ERR_MODEL_EXPORT_META_INVALID',
      `model name ${JSON.stringify(meta.name)} must be letters, digits, "_", "-" or "."`,
    );
  }
  const features: ModelCard['features'] = [
    ...params.categorical.map((input) => ({
      name: input.name,
      type: 'categorical' as const,
      default: MISSING_CATEGORY,
      categories: [...input.categories],
    })),
    ...params.numeric.map((input) => ({
      name: input.name,
      type: 'numeric' as const,
      default: input.impute,
    })),
  ];
  const card: ModelCard = {
    kind: 'churn-model-card',
    schemaVersion: MODEL_CARD_SCHEMA_VERSION,
    name: meta.name,
    version: `${meta.name}-${compactTimestamp(meta.createdAt)}-${sha256.slice(0, 8)}`,
    algorithm:
      params.kind === 'gradient_boosting' ? 'hist_gradient_boosting' : 'logistic_regression',
    createdAt: meta.createdAt.toISOString(),
    onnx: {
      file: ONNX_FILE,
      sha256,
      irVersion: ONNX_IR_VERSION,
      opsets: ONNX_OPSETS.map((opset) => ({ ...opset })),
      inputs: featureInputs(params.categorical, params.numeric).map((input) => ({
        name: input.name,
        type: input.elemType === 'string' ? ('string' as const) : ('float32' as const),
        shape: [-1, input.columns.length],
        columns: [...input.columns],
      })),
      output: { name: ONNX_OUTPUT_NAME, type: 'float32', shape: [-1, 1] },
    },
    features,
    threshold: meta.threshold,
    primaryMetric: meta.primaryMetric,
    metrics: { ...meta.metrics },
    trainingData: { ...meta.trainingData },
  };
  try {
    return parseModelCard(JSON.parse(JSON.stringify(card)));
  } catch (cause) {
    const issues = (cause as ModelError).issues ?? [];
    throw new ModelError(
      'CHURN_ERR_MODEL_EXPORT_META_INVALID',
      'export metadata make an invalid card',
      { issues, cause },
    );
  }
}

/** 2026-11-26T15:04:23.123Z -> 20261126T150423Z */
function compactTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}
