import { describe, expect, test } from 'vitest';
import { dockerfileVariantDifferences } from '../src/dockerfile-variants.js';
import { dockerfileStages } from '../src/repository.js';
import { repo } from './repo-root.js';

const api = repo.read('docker/Dockerfile.api');
const worker = repo.read('docker/Dockerfile.worker');

describe('docker/Dockerfile.api and docker/Dockerfile.worker', () => {
  test('are the same Dockerfile but for the APP default', () => {
    expect(api).toMatch(/^ARG APP=api$/m);
    expect(worker).toMatch(/^ARG APP=worker$/m);
    expect(dockerfileVariantDifferences(api, worker)).toEqual([]);
  });

  test('a change in one file only is reported with its line', () => {
    const edited = worker.replace('npm ci --no-audit --no-fund\n', 'npm install\n');
    expect(dockerfileVariantDifferences(api, edited)).toEqual([
      expect.stringMatching(/^line \d+: ".*npm ci --no-audit --no-fund" vs ".*npm install"$/),
    ]);
  });

  test('keep the targets users build, production last so that it is the default', () => {
    const stages = dockerfileStages(api);
    for (const target of ['builder', 'test', 'dev', 'model', 'production']) {
      expect(stages.has(target), target).toBe(true);
    }
    const lastFrom = [...api.matchAll(/^FROM .*$/gm)].at(-1)?.[0];
    expect(lastFrom).toMatch(/ AS production$/);
  });
});
