import { describe, expect, it } from 'vitest';
import { AppMetrics } from '../src/index.js';

class JobMetrics extends AppMetrics {
  readonly jobs = this.counter({
    name: 'jobs_total',
    help: 'Jobs by status',
    labelNames: ['status'] as const,
  });
  readonly running = this.gauge({ name: 'job_running', help: '1 while a job runs' });
  readonly seconds = this.histogram({ name: 'job_seconds', help: 'Job time', buckets: [1, 10] });
}

describe('AppMetrics', () => {
  it('registers every declared metric in its own registry', async () => {
    const metrics = new JobMetrics({ defaultMetrics: false });
    metrics.jobs.inc({ status: 'ok' });
    metrics.running.set(1);
    metrics.seconds.observe(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('jobs_total{status="ok"} 1');
    expect(text).toContain('job_running 1');
    expect(text).toContain('job_seconds_bucket{le="10"} 1');
    expect(text).not.toContain('process_cpu');
  });

  it('lets two apps in one process declare the same names (no global registry)', () => {
    expect(() => [new JobMetrics(), new JobMetrics()]).not.toThrow();
  });

  it('collects process metrics under the prefix', async () => {
    const text = await new JobMetrics({ prefix: 'churn_worker_' }).registry.metrics();
    expect(text).toContain('churn_worker_process_cpu_seconds_total');
  });
});
