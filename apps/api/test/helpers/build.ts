import { type DeepPartial, loadConfig, type ResolvedConfig } from '@churn/config';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../../src/index.js';
import { FakeSource } from './fake-model.js';

export function testConfig(api: DeepPartial<ResolvedConfig['api']> = {}): ResolvedConfig {
  return loadConfig({
    env: {},
    // log_level's schema type does not narrow to its literals, hence the cast.
    // Event-loop pressure is off unless a test turns it on: on a loaded CI machine a slow
    // beforeAll would otherwise trip under-pressure and turn unrelated requests into 503s.
    overrides: {
      app: { log_level: 'silent' as never },
      api: { reload_interval_ms: 0, max_event_loop_delay_ms: 0, ...api },
    },
  });
}

export interface TestApp {
  app: FastifyInstance;
  source: FakeSource;
}

/** An app over a FakeSource; `version` is promoted before start unless null. */
export async function testApp(
  options: {
    version?: string | null;
    api?: DeepPartial<ResolvedConfig['api']>;
    deps?: Partial<AppDeps>;
  } = {},
): Promise<TestApp> {
  const source = new FakeSource();
  const version = options.version === undefined ? 'lr-v1' : options.version;
  if (version !== null) source.promote(version);
  const app = buildApp(testConfig(options.api), { modelSource: source, ...options.deps });
  await app.ready();
  return { app, source };
}

/** The original Python API's request body (a copy of shared/reference/predict-request.json). */
export async function originalRequest(): Promise<{
  user_id: number;
  features: Record<string, unknown>;
}> {
  const { readFile } = await import('node:fs/promises');
  const file = new URL('../fixtures/original-predict-request.json', import.meta.url);
  return JSON.parse(await readFile(file, 'utf8'));
}
