import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (k8s/ is one of its folders). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A file under k8s/ made from files outside it, with the content it must have. */
export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly path: string;
  readonly sources: readonly string[];
  readonly content: string;
}

/**
 * Files kustomize needs from elsewhere in the repository. Its load restrictor reads nothing
 * outside the kustomization's folder, and `kubectl apply -k` cannot lift it, so these are
 * copies: `npm run sync -w @churn/k8s` writes them, and a test fails when one is stale.
 */
export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  return [
    {
      path: 'k8s/base/config/config.yaml',
      sources: ['config/config.yaml'],
      content: read('config/config.yaml'),
    },
  ];
}
