import type { KubeObject } from './render.js';

/** The parts of a pod spec the policy checks read. */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: ReadonlyArray<{ name?: string; containerPort: number; protocol?: string }>;
  readonly env?: ReadonlyArray<{ name: string; value?: string; valueFrom?: unknown }>;
  readonly resources?: {
    readonly requests?: Record<string, string | number>;
    readonly limits?: Record<string, string | number>;
  };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: ReadonlyArray<{ name: string; mountPath: string; readOnly?: boolean }>;
  readonly startupProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
}

export interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port: number | string };
}

export interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly privileged?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type: string };
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly securityContext?: SecurityContext & { readonly fsGroup?: number };
  readonly volumes?: ReadonlyArray<
    { name: string } & Record<string, unknown> & {
        persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
      }
  >;
  readonly automountServiceAccountToken?: boolean;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
}

/** A pod template and the object that holds it, e.g. "Deployment/churn-api". */
export interface OwnedPodSpec {
  readonly owner: string;
  readonly object: KubeObject;
  readonly spec: PodSpec;
}

/** Where each workload kind keeps its pod template's spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Every pod spec among the objects, with its owner. */
export function podSpecs(objects: readonly KubeObject[]): OwnedPodSpec[] {
  return objects.flatMap((object) => {
    const path = POD_SPEC_PATHS[object.kind];
    if (!path) return [];
    let node: unknown = object;
    for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
    if (!node)
      throw new Error(`${object.kind}/${object.metadata.name}: no pod spec at ${path.join('.')}`);
    return [{ owner: `${object.kind}/${object.metadata.name}`, object, spec: node as PodSpec }];
  });
}

/** Every container of a pod spec, init containers included. */
export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}
