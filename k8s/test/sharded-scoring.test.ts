import { loadConfig } from '@churn/config';
import { parseWorkerArgs } from '@churn/worker';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/generated-files.js';
import { podSpecs } from '../src/pod-specs.js';
import { hardeningViolations, resourceViolations, restrictedViolations } from '../src/policy.js';
import type { KubeObject } from '../src/render.js';
import { findObject, render } from './helpers.js';

const config = loadConfig({ cwd: REPO_ROOT, env: {} });
const FIXTURE = 'test/fixtures/with-sharded-scoring';

interface CronJobFields {
  spec: {
    schedule: string;
    suspend?: boolean;
    concurrencyPolicy: string;
    startingDeadlineSeconds: number;
    jobTemplate: {
      spec: {
        completionMode?: string;
        completions?: number;
        parallelism?: number;
        activeDeadlineSeconds: number;
        podFailurePolicy: { rules: Array<{ onExitCodes?: { containerName: string } }> };
        template: { spec: { containers: Array<{ name: string; command: string[] }> } };
      };
    };
  };
}

const cronJob = (name: string) => findObject<CronJobFields>(render(FIXTURE), 'CronJob', name);
const container = (name: string) =>
  cronJob(name).spec.jobTemplate.spec.template.spec.containers[0]!;
/** The worker command of a CronJob, parsed as the worker parses it. */
const workerCommand = (name: string) => {
  const [node, script, ...args] = container(name).command;
  expect([node, script]).toEqual(['node', 'apps/worker/dist/server.js']);
  return parseWorkerArgs(args);
};
/** Minutes after midnight of a daily "M H * * *" schedule. */
const minuteOfDay = (schedule: string) => {
  const [minute, hour] = schedule.split(' ').map(Number);
  return hour! * 60 + minute!;
};

describe('sharded-scoring component (on production)', () => {
  it('scores in an Indexed Job of N pods and merges N shards: the counts agree', () => {
    const shards = cronJob('churn-score-shards').spec.jobTemplate.spec;
    expect(shards.completionMode).toBe('Indexed');
    expect(shards.completions).toBeGreaterThan(1);
    expect(shards.parallelism).toBe(shards.completions);
    // --shards N without an index: each pod takes its JOB_COMPLETION_INDEX.
    expect(workerCommand('churn-score-shards')).toMatchObject({
      command: 'score',
      shard: { count: shards.completions },
    });
    expect(workerCommand('churn-score-shards')).not.toHaveProperty('shard.index');
    expect(workerCommand('churn-score-merge')).toMatchObject({
      command: 'merge',
      shards: shards.completions,
    });
  });

  it('replaces the one-pod scoring, which it suspends: one writer of the outputs', () => {
    expect(cronJob('churn-score').spec.suspend).toBe(true);
    expect(cronJob('churn-score-shards').spec.suspend).toBeUndefined();
    expect(cronJob('churn-score-merge').spec.suspend).toBeUndefined();
  });

  it('the shards start at worker.schedule and end before the merge, which runs before drift', () => {
    const shards = cronJob('churn-score-shards').spec;
    const merge = cronJob('churn-score-merge').spec;
    expect(shards.schedule).toBe(config.worker.schedule);
    const latestShardEnd =
      minuteOfDay(shards.schedule) * 60 +
      shards.startingDeadlineSeconds +
      shards.jobTemplate.spec.activeDeadlineSeconds;
    expect(latestShardEnd).toBeLessThanOrEqual(minuteOfDay(merge.schedule) * 60);
    expect(minuteOfDay(merge.schedule)).toBeLessThan(
      minuteOfDay(cronJob('churn-drift').spec.schedule),
    );
    for (const spec of [shards, merge]) expect(spec.concurrencyPolicy).toBe('Forbid');
  });

  it('each podFailurePolicy names its own container', () => {
    for (const name of ['churn-score-shards', 'churn-score-merge']) {
      const { rules } = cronJob(name).spec.jobTemplate.spec.podFailurePolicy;
      for (const rule of rules.filter((r) => r.onExitCodes)) {
        expect(rule.onExitCodes?.containerName, name).toBe(container(name).name);
      }
    }
  });

  it('its pods meet the restricted standard and the hardening, with requests and limits', () => {
    const pods = podSpecs(
      render(FIXTURE).filter((object: KubeObject) =>
        object.metadata.name.startsWith('churn-score-'),
      ),
    );
    expect(pods.map((pod) => pod.owner).sort()).toEqual([
      'CronJob/churn-score-merge',
      'CronJob/churn-score-shards',
    ]);
    expect(pods.flatMap(restrictedViolations)).toEqual([]);
    expect(pods.flatMap(hardeningViolations)).toEqual([]);
    expect(pods.flatMap(resourceViolations)).toEqual([]);
  });
});
