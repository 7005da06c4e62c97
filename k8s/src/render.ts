import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/** A rendered Kubernetes object: only the fields every object has are typed. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string } & Record<
    string,
    unknown
  >;
  readonly [field: string]: unknown;
}

/** The renderers a reader of k8s/README.md may use; both must give the same objects. */
export const RENDERERS = {
  kubectl: (dir: string) => ['kubectl', ['kustomize', dir]] as const,
  kustomize: (dir: string) => ['kustomize', ['build', dir]] as const,
} as const;

export type Renderer = keyof typeof RENDERERS;

/**
 * Renders a kustomization folder with `kubectl kustomize` (or `kustomize build`) and parses
 * the YAML stream. A missing tool is an error that says how to install it, never a skip.
 */
export function renderKustomization(dir: string, renderer: Renderer = 'kubectl'): KubeObject[] {
  const [command, args] = RENDERERS[renderer](dir);
  let output: string;
  try {
    output = execFileSync(command, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        `${command} not found on PATH: install kubectl 1.32+ and kustomize 5 ` +
          '(../shared/ops-tools/setup does it here; GitHub runners have both)',
      );
    }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stderr ?? String(error)}`);
  }
  return parseAllDocuments(output).flatMap((document) => {
    if (document.errors.length > 0) {
      throw new Error(`${dir}: unparseable output: ${document.errors[0]?.message}`);
    }
    const object = document.toJS() as KubeObject | null;
    return object ? [object] : [];
  });
}
