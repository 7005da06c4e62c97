import { ConfigError, loadConfig, type ResolvedConfig } from '@churn/config';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { registryModelSource } from './model/registry-model-source.js';

// The process edge: the only file that reads the environment, listens and handles signals.
const config = loadConfigOrExit();
const app = buildApp(config, {
  modelSource: registryModelSource({
    registryDir: config.paths.registry,
    modelsDir: config.paths.models,
    scoringThread: config.api.scoring_thread,
  }),
});

// On SIGTERM/SIGINT: drain (readiness 503, every open connection answered with Connection:
// close; half the deadline at most), then stop listening, let requests in flight finish and
// close the model session. After shutdown_timeout_ms close-with-grace exits with code 1.
closeWithGrace({ delay: config.api.shutdown_timeout_ms }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an uncaught error');
  else app.log.info({ signal }, 'shutting down');
  if (!err) await app.drain(config.api.shutdown_timeout_ms / 2);
  await app.close();
  app.log.info('closed');
});

try {
  await app.listen({ host: config.api.host, port: config.api.port });
} catch (err) {
  app.log.fatal({ err }, 'the API could not start');
  process.exitCode = 1;
  await app.close();
}

/** Bad configuration is the operator's to fix: list every problem, no stack trace. */
function loadConfigOrExit(): ResolvedConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
