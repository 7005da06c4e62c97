import { access } from 'node:fs/promises';
import { PipelineError } from '../errors.js';

/** Fails with CHURN_ERR_INPUT_MISSING, naming the step that writes it, when `file` is absent. */
export async function requireInput(file: string, producedBy: string): Promise<string> {
  try {
    await access(file);
    return file;
  } catch {
    throw new PipelineError(
      'CHURN_ERR_INPUT_MISSING',
      `input not found: ${file} (run the ${producedBy} step first, e.g. --from ${producedBy})`,
    );
  }
}
