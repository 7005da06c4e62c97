import type { Step } from './step.js';
import { featuresStep } from './steps/features.js';
import { generateStep } from './steps/generate.js';
import { labelsStep } from './steps/labels.js';
import { prepareStep } from './steps/prepare.js';
import { promoteStep } from './steps/promote.js';
import { trainStep } from './steps/train.js';
import { validateStep } from './steps/validate.js';

/** The steps this build has, in pipeline order. */
export const PIPELINE_STEPS: readonly Step[] = [
  generateStep,
  validateStep,
  prepareStep,
  featuresStep,
  labelsStep,
  trainStep,
  promoteStep,
];
