import { type ValidationError, validateWorkflow } from '@action-validator/core';

/**
 * Problems of a GitHub Actions workflow against the workflow schema (unknown or missing keys,
 * wrong types, a step with both `uses` and `run`...), checked by action-validator from npm.
 * One line a problem, "<path>: <what>"; empty when the workflow is valid.
 */
export function workflowSchemaErrors(text: string): string[] {
  const { errors } = validateWorkflow(text);
  return [...new Set(errors.flatMap(describe))];
}

function describe(error: ValidationError): string[] {
  // A oneOf failure says only that no alternative matched; the alternatives' errors say why.
  const nested = 'states' in error ? (error.states ?? []).flatMap((state) => state.errors) : [];
  if (nested.length > 0) return nested.flatMap(describe);
  const where = 'path' in error ? error.path : `line ${error.location?.line ?? '?'}`;
  return [`${where || '/'}: ${error.detail ?? error.title}`];
}
