import { allContainers, type Container, type OwnedPodSpec } from './pod-specs.js';

/** The uid and gid of the `churn` user in docker/Dockerfile.api and Dockerfile.worker. */
export const APP_UID = 10001;

/** Volume types the restricted Pod Security Standard allows. */
const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/**
 * Violations of the restricted Pod Security Standard (kubernetes.io/docs/concepts/security/
 * pod-security-standards), as `<owner> container <name>: <problem>`; empty when compliant.
 * Pod-level settings count for every container unless a container overrides them.
 */
export function restrictedViolations({ owner, spec }: OwnedPodSpec): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) {
    problems.push(`${owner}: shares a host namespace`);
  }
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name');
    if (!type || !RESTRICTED_VOLUME_TYPES.has(type)) {
      problems.push(`${owner}: volume ${volume.name} of type ${type} is not allowed`);
    }
  }
  for (const container of allContainers(spec)) {
    const where = `${owner} container ${container.name}`;
    const own = container.securityContext ?? {};
    const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
    const runAsUser = own.runAsUser ?? pod.runAsUser;
    const seccomp = own.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (runAsUser === 0) problems.push(`${where}: runs as root (runAsUser 0)`);
    if (own.privileged) problems.push(`${where}: privileged`);
    if (own.allowPrivilegeEscalation !== false) {
      problems.push(`${where}: allowPrivilegeEscalation is not false`);
    }
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      problems.push(`${where}: seccompProfile is ${seccomp ?? 'unset'}, not RuntimeDefault`);
    }
    if (!own.capabilities?.drop?.includes('ALL')) {
      problems.push(`${where}: capabilities do not drop ALL`);
    }
    const added = (own.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${where}: adds capabilities ${added.join(', ')}`);
    for (const port of container.ports ?? []) {
      if ('hostPort' in port) problems.push(`${where}: uses a hostPort`);
    }
  }
  return problems;
}

/**
 * This project's rules beyond the standard: the image's fixed uid, a read-only root
 * filesystem with an emptyDir on /tmp, no service account token.
 */
export function hardeningViolations({ owner, spec }: OwnedPodSpec): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  if (spec.automountServiceAccountToken !== false) {
    problems.push(`${owner}: automountServiceAccountToken is not false`);
  }
  const tmpVolumes = new Set(
    (spec.volumes ?? []).filter((volume) => 'emptyDir' in volume).map((volume) => volume.name),
  );
  for (const container of allContainers(spec)) {
    const where = `${owner} container ${container.name}`;
    const own = container.securityContext ?? {};
    const uid = own.runAsUser ?? pod.runAsUser;
    if (uid !== APP_UID) problems.push(`${where}: runAsUser is ${uid}, not ${APP_UID}`);
    if (own.readOnlyRootFilesystem !== true) {
      problems.push(`${where}: readOnlyRootFilesystem is not true`);
    }
    const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    if (!tmp || !tmpVolumes.has(tmp.name)) problems.push(`${where}: no emptyDir on /tmp`);
  }
  return problems;
}

/** Containers without CPU and memory requests and limits, or with a request above its limit. */
export function resourceViolations({ owner, spec }: OwnedPodSpec): string[] {
  return allContainers(spec).flatMap((container: Container) => {
    const where = `${owner} container ${container.name}`;
    const problems: string[] = [];
    for (const resource of ['cpu', 'memory'] as const) {
      const request = container.resources?.requests?.[resource];
      const limit = container.resources?.limits?.[resource];
      if (request === undefined) problems.push(`${where}: no ${resource} request`);
      if (limit === undefined) problems.push(`${where}: no ${resource} limit`);
      if (request !== undefined && limit !== undefined) {
        if (parseQuantity(request) > parseQuantity(limit)) {
          problems.push(`${where}: ${resource} request ${request} above its limit ${limit}`);
        }
      }
    }
    return problems;
  });
}

const SUFFIXES: Readonly<Record<string, number>> = {
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/**
 * A Kubernetes resource quantity as a number of base units (cores, bytes).
 * @example parseQuantity('250m'); // => 0.25
 * @example parseQuantity('1Gi'); // => 1073741824
 */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(quantity);
  const scale = match ? (match[2] === '' ? 1 : SUFFIXES[match[2]!]) : undefined;
  if (!match || scale === undefined) throw new Error(`not a resource quantity: ${quantity}`);
  return Number(match[1]) * scale;
}
