import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '@churn/api';
import { ENV_KEYS, loadConfig } from '@churn/config';
import { parseWorkerArgs } from '@churn/worker';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../src/generated-files.js';
import { type Container, type OwnedPodSpec, podSpecs } from '../src/pod-specs.js';
import {
  APP_UID,
  hardeningViolations,
  resourceViolations,
  restrictedViolations,
} from '../src/policy.js';
import type { KubeObject } from '../src/render.js';
import { findObject, OVERLAYS, render, renderOverlay, SINGLE_NODE_OVERLAYS } from './helpers.js';

const config = loadConfig({ cwd: REPO_ROOT, env: {} });
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The image of each Dockerfile: compose's default name, the Dockerfile's ENV and EXPOSE. */
const IMAGES = {
  api: { dockerfile: 'docker/Dockerfile.api', service: 'api' },
  worker: { dockerfile: 'docker/Dockerfile.worker', service: 'worker' },
} as const;

/** compose.yaml's image name of a service with the default variables, without the tag. */
function composeImage(service: string): string {
  const compose = parseYaml(read('compose.yaml'), { merge: true }) as {
    services: Record<string, { image: string; build: { dockerfile: string } }>;
  };
  const image = compose.services[service]?.image;
  if (!image) throw new Error(`compose.yaml: no image for service ${service}`);
  return image.replace(/\$\{\w+:-([^}]*)\}/g, '$1').replace(/:[^/:]+$/, '');
}

/** The stages of a Dockerfile by name, with `${APP}` replaced by the file's `ARG APP=` default. */
function dockerStages(dockerfile: string): Map<string, { base: string; body: string }> {
  const text = read(dockerfile);
  const app = /^ARG APP=(\S+)$/m.exec(text)?.[1] ?? '';
  const stages = new Map<string, { base: string; body: string }>();
  for (const chunk of text
    .replace(/\$\{APP\}/g, app)
    .split(/^FROM /m)
    .slice(1)) {
    const header = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(chunk);
    if (header?.[2]) stages.set(header[2], { base: header[1]!, body: chunk });
  }
  return stages;
}

/** ENV values of a Dockerfile's production image: the `production` stage and its parents. */
function dockerEnv(dockerfile: string): Record<string, string> {
  const stages = dockerStages(dockerfile);
  const chain: string[] = [];
  for (let stage = stages.get('production'); stage; stage = stages.get(stage.base)) {
    chain.unshift(stage.body);
  }
  const env: Record<string, string> = {};
  for (const body of chain) {
    for (const [, lines] of body.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)) {
      for (const [, name, value] of lines!.matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
    }
  }
  return env;
}

/** The workspace folders whose dist/ a Dockerfile copies into its production image. */
function dockerDistFolders(dockerfile: string): string[] {
  const app = /^ARG APP=(\S+)$/m.exec(read(dockerfile))?.[1] ?? '';
  const loop = /for dir in ([^;]+);/.exec(read(dockerfile).replace(/\$\{APP\}/g, app));
  if (!loop) throw new Error(`${dockerfile}: no "for dir in ...;" in the dist stage`);
  return loop[1]!.trim().replaceAll('"', '').split(/\s+/);
}

const imageName = (container: Container) =>
  container.image
    ?.replace(/[:@].*$/, '')
    .split('/')
    .pop();

const podsOf = (overlay: string) => podSpecs(renderOverlay(overlay));

function apiContainer(overlay: string): Container {
  const [pod] = podSpecs([findObject(renderOverlay(overlay), 'Deployment', 'churn-api')]);
  const container = pod?.spec.containers.find((c) => c.name === 'api');
  if (!container) throw new Error('no api container in Deployment/churn-api');
  return container;
}

describe.each(OVERLAYS)('%s: pods', (overlay) => {
  it('every pod meets the restricted Pod Security Standard', () => {
    const pods = podsOf(overlay);
    expect(pods.length).toBeGreaterThanOrEqual(5);
    expect(pods.flatMap(restrictedViolations)).toEqual([]);
  });

  it(`every pod runs as uid ${APP_UID} on a read-only root, /tmp on an emptyDir, no token`, () => {
    expect(podsOf(overlay).flatMap(hardeningViolations)).toEqual([]);
  });

  it('every container has CPU and memory requests and limits', () => {
    expect(podsOf(overlay).flatMap(resourceViolations)).toEqual([]);
  });

  it('the namespace enforces the restricted standard', () => {
    expect(findObject(renderOverlay(overlay), 'Namespace', 'churn-mlops').metadata).toMatchObject({
      labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
    });
  });
});

describe('policy checks catch what they guard', () => {
  const rootPods = () => podSpecs(render('test/fixtures/root-container'));

  it('a container running as root fails the restricted check', () => {
    expect(rootPods().flatMap(restrictedViolations)).toEqual([
      'Deployment/churn-api container api: runAsNonRoot is not true',
      'Deployment/churn-api container api: runs as root (runAsUser 0)',
    ]);
    expect(rootPods().flatMap(hardeningViolations)).toEqual([
      `Deployment/churn-api container api: runAsUser is 0, not ${APP_UID}`,
    ]);
  });

  it('a pod without seccomp, capabilities dropped or a safe volume fails', () => {
    const pod: OwnedPodSpec = {
      owner: 'Pod/bad',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' } },
      spec: {
        hostNetwork: true,
        volumes: [{ name: 'host', hostPath: { path: '/' } }],
        containers: [
          {
            name: 'c',
            securityContext: {
              runAsNonRoot: true,
              privileged: true,
              capabilities: { add: ['SYS_ADMIN'] },
            },
            resources: { requests: { cpu: '2' }, limits: { cpu: '1', memory: '1Gi' } },
          },
        ],
      },
    };
    expect(restrictedViolations(pod)).toEqual([
      'Pod/bad: shares a host namespace',
      'Pod/bad: volume host of type hostPath is not allowed',
      'Pod/bad container c: privileged',
      'Pod/bad container c: allowPrivilegeEscalation is not false',
      'Pod/bad container c: seccompProfile is unset, not RuntimeDefault',
      'Pod/bad container c: capabilities do not drop ALL',
      'Pod/bad container c: adds capabilities SYS_ADMIN',
    ]);
    expect(resourceViolations(pod)).toEqual([
      'Pod/bad container c: cpu request 2 above its limit 1',
      'Pod/bad container c: no memory request',
    ]);
  });
});

describe('probes hit routes the API serves', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // No production model: what a pod sees before the training Job has promoted one.
    app = buildApp(config, {
      modelSource: {
        production: async () => null,
        load: async () => {
          throw new Error('no model in this test');
        },
      },
      logger: false,
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each(OVERLAYS)('%s: every probe is a GET route of the app, on its port', (overlay) => {
    const container = apiContainer(overlay);
    const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe];
    const portNames = new Map(container.ports?.map((port) => [port.name, port.containerPort]));
    for (const probe of probes) {
      const path = probe?.httpGet?.path;
      expect(path, 'each probe is an httpGet').toBeDefined();
      expect(app.hasRoute({ method: 'GET', url: path! }), `GET ${path}`).toBe(true);
      const port = probe!.httpGet!.port;
      expect(typeof port === 'string' ? portNames.get(port) : port).toBe(config.api.port);
    }
  });

  it.each(OVERLAYS)(
    '%s: live and started without a model, ready only with one',
    async (overlay) => {
      const container = apiContainer(overlay);
      const status = async (path?: string) => (await app.inject({ url: path! })).statusCode;
      expect(await status(container.startupProbe?.httpGet?.path)).toBe(200);
      expect(await status(container.livenessProbe?.httpGet?.path)).toBe(200);
      expect(await status(container.readinessProbe?.httpGet?.path)).toBe(503);
    },
  );
});

describe.each(OVERLAYS)('%s: ports, env, config and images match the apps', (overlay) => {
  const objects = () => renderOverlay(overlay);

  it('the API listens on api.port, and the Service targets it', () => {
    const container = apiContainer(overlay);
    expect(container.ports).toEqual([
      { name: 'http', containerPort: config.api.port, protocol: 'TCP' },
    ]);
    const env = dockerEnv(IMAGES.api.dockerfile);
    expect(Number(env.PORT ?? config.api.port)).toBe(config.api.port);
    expect(read(IMAGES.api.dockerfile)).toMatch(new RegExp(`^EXPOSE ${config.api.port}$`, 'm'));
    const service = findObject<{
      spec: { ports: Array<{ targetPort: unknown }> };
    }>(objects(), 'Service', 'churn-api');
    expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
  });

  it('every env name is one that @churn/config or the apps read', () => {
    const known = new Set(Object.keys(ENV_KEYS));
    const unknown = podsOf(overlay).flatMap(({ owner, spec }) =>
      spec.containers.flatMap((c) =>
        (c.env ?? []).filter((e) => !known.has(e.name)).map((e) => `${owner}: ${e.name}`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('config.yaml comes from the ConfigMap, mounted where the images read it', () => {
    const configMap = findObject<{
      data: Record<string, string>;
    }>(objects(), 'ConfigMap', 'churn-config');
    expect(configMap.data).toEqual({ 'config.yaml': read('config/config.yaml') });
    for (const { owner, spec } of podsOf(overlay)) {
      for (const container of spec.containers) {
        const image = imageName(container) === composeImage('api') ? 'api' : 'worker';
        const configFile = dockerEnv(IMAGES[image].dockerfile).CHURN_MLOPS_CONFIG;
        const mount = container.volumeMounts?.find(
          (m) => `${m.mountPath}/config.yaml` === configFile,
        );
        expect(mount, `${owner}: a mount at ${configFile}`).toBeDefined();
        const volume = spec.volumes?.find((v) => v.name === mount?.name) as {
          configMap?: { name: string };
        };
        expect(volume.configMap?.name, owner).toBe(configMap.metadata.name);
      }
    }
  });

  it('images are the ones compose builds from docker/, and each runs what its image holds', () => {
    for (const { owner, spec } of podsOf(overlay)) {
      for (const container of spec.containers) {
        const name = imageName(container);
        expect([composeImage('api'), composeImage('worker')], owner).toContain(name);
        if (name === composeImage('api')) {
          // The image's own CMD (apps/api/dist/bundle/server.js under tini).
          expect(container.command, owner).toBeUndefined();
          continue;
        }
        const [node, script, ...args] = container.command ?? [];
        expect(node, owner).toBe('node');
        const folder = script!.split('/dist/')[0]!;
        expect(dockerDistFolders(IMAGES.worker.dockerfile), `${owner}: ${script}`).toContain(
          folder.startsWith('packages/') ? 'packages/*' : folder,
        );
        const source = script!.replace('/dist/', '/src/').replace(/\.js$/, '.ts');
        expect(existsSync(join(REPO_ROOT, source)), `${owner}: ${source}`).toBe(true);
        if (script === 'apps/worker/dist/server.js') {
          expect(() => parseWorkerArgs([...args, ...(container.args ?? [])]), owner).not.toThrow();
        }
      }
    }
  });

  it('volumes are mounted where the images keep data/ and artifacts/', () => {
    const root = dockerEnv(IMAGES.worker.dockerfile).CHURN_MLOPS_ROOT;
    const expected = {
      data: `${root}/${config.paths.data.split('/').pop()}`,
      artifacts: `${root}/${config.paths.artifacts.split('/').pop()}`,
    };
    for (const { owner, spec } of podsOf(overlay)) {
      for (const container of spec.containers) {
        for (const mount of container.volumeMounts ?? []) {
          const claim = spec.volumes?.find((v) => v.name === mount.name)?.persistentVolumeClaim;
          if (!claim) continue;
          const folder = claim.claimName.replace(/^churn-/, '') as keyof typeof expected;
          expect(mount.mountPath, `${owner} ${claim.claimName}`).toBe(expected[folder]);
        }
      }
    }
  });
});

describe('the API token', () => {
  it('is optional in base and local: the demo runs without the Secret', () => {
    const env = apiContainer('local').env ?? [];
    expect(env).toEqual([
      {
        name: 'API_TOKEN',
        valueFrom: { secretKeyRef: { name: 'churn-api-token', key: 'token', optional: true } },
      },
    ]);
  });

  it('is required in production, read from the Secret as a file, and used to scrape', () => {
    const objects = renderOverlay('production');
    const [pod] = podSpecs([findObject(objects, 'Deployment', 'churn-api')]);
    const container = apiContainer('production');
    expect(container.env).toEqual([
      { name: 'API_TOKEN_FILE', value: '/run/secrets/churn-api-token/token' },
    ]);
    const mount = container.volumeMounts?.find(
      (m) => m.mountPath === '/run/secrets/churn-api-token',
    );
    const volume = pod?.spec.volumes?.find((v) => v.name === mount?.name);
    expect(volume).toMatchObject({ secret: { secretName: 'churn-api-token' } });
    expect(volume?.secret).not.toHaveProperty('optional');
    const monitor = findObject<{ spec: { endpoints: Array<Record<string, unknown>> } }>(
      objects,
      'ServiceMonitor',
      'churn-api',
    );
    expect(monitor.spec.endpoints[0]).toMatchObject({
      port: 'http',
      path: '/metrics',
      authorization: { type: 'Bearer', credentials: { name: 'churn-api-token', key: 'token' } },
    });
  });
});

describe.each(OVERLAYS)('%s: jobs and storage', (overlay) => {
  it('scoring runs at worker.schedule; no two runs of a CronJob overlap', () => {
    const cronJobs = renderOverlay(overlay).filter((o) => o.kind === 'CronJob') as Array<
      KubeObject & { spec: { concurrencyPolicy: string; schedule: string } }
    >;
    expect(cronJobs.map((c) => c.metadata.name).sort()).toEqual([
      'churn-drift',
      'churn-retrain',
      'churn-score',
    ]);
    for (const cronJob of cronJobs) expect(cronJob.spec.concurrencyPolicy).toBe('Forbid');
    const score = cronJobs.find((c) => c.metadata.name === 'churn-score');
    expect(score?.spec.schedule).toBe(config.worker.schedule);
  });

  it('the API mounts the artifacts read-only', () => {
    const mount = apiContainer(overlay).volumeMounts?.find((m) => m.name === 'artifacts');
    expect(mount?.readOnly).toBe(true);
  });

  it(
    SINGLE_NODE_OVERLAYS.has(overlay)
      ? 'one node: claims may be ReadWriteOnce'
      : 'a claim mounted by several pods is ReadWriteMany',
    () => {
      const objects = renderOverlay(overlay);
      const claims = objects.filter((o) => o.kind === 'PersistentVolumeClaim') as Array<
        KubeObject & { spec: { accessModes: string[] } }
      >;
      for (const claim of claims) {
        const users = podSpecs(objects).filter(({ spec }) =>
          spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === claim.metadata.name),
        );
        expect(users.length, claim.metadata.name).toBeGreaterThan(1);
        const modes = claim.spec.accessModes;
        if (SINGLE_NODE_OVERLAYS.has(overlay)) expect(modes).toEqual(['ReadWriteOnce']);
        else
          expect(modes, `${claim.metadata.name} is shared by ${users.length} pods`).toEqual([
            'ReadWriteMany',
          ]);
      }
    },
  );
});
