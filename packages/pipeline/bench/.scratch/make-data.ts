import { loadConfig } from '@churn/config';
import { runPipeline } from '../../src/runner.js';
import { PIPELINE_STEPS } from '../../src/step-list.js';

const config = loadConfig({
  cwd: '/work/main',
  env: {},
  overrides: { paths: { data: '/tmp/churn-data', artifacts: '/tmp/churn-artifacts' } } as never,
});
const t = performance.now();
const records = await runPipeline({ config, steps: PIPELINE_STEPS, handoff: true });
for (const r of records) console.log(r.name, r.seconds.toFixed(2), r.result.summary);
console.log('total', ((performance.now() - t) / 1000).toFixed(1));
