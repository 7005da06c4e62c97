import Fastify, { LogController } from 'fastify';

// The baseline for the API benchmark: the API's server options (info logs, no per-request
// lines, the same body limit), the body parsed the same way, a constant answer.
// No validation, no model, no metrics.
const app = Fastify({
  logger: { level: 'info' },
  logController: new LogController({ disableRequestLogging: true }),
  bodyLimit: 1_048_576,
});
app.post('/predict', async () => ({ user_id: 1, churn_risk: 0.5 }));
app.post('/predict/batch', async () => ({ predictions: [] }));
await app.listen({ host: '127.0.0.1', port: 0 });
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
