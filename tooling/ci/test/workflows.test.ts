import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { missingReferences, workflowReferences } from '../src/workflow-references.js';
import { workflowSchemaErrors } from '../src/workflow-schema.js';
import { REPO_ROOT, repo } from './repo-root.js';

const workflowFiles = readdirSync(join(REPO_ROOT, '.github/workflows')).filter((f) =>
  /\.ya?ml$/.test(f),
);

describe('the repository workflows', () => {
  test('there are the ci and release workflows', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  test.each(workflowFiles)('%s is a valid workflow', (file) => {
    expect(workflowSchemaErrors(repo.read(`.github/workflows/${file}`))).toEqual([]);
  });

  test.each(workflowFiles)('%s names only npm scripts, files and targets that exist', (file) => {
    const references = workflowReferences(repo.read(`.github/workflows/${file}`));
    expect(references.length).toBeGreaterThan(0);
    expect(missingReferences(references, repo)).toEqual([]);
  });

  test('ci runs the scripts a developer runs and builds with bake', () => {
    const names = workflowReferences(repo.read('.github/workflows/ci.yml')).map(
      (r) => `${r.kind}:${r.name}`,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'npm-script:test',
        'npm-script:audit:prod',
        'npm-script:test:docker',
        'bake-target:api',
        'bake-target:worker',
        'file:package-lock.json',
      ]),
    );
  });

  test('every action is pinned by a commit SHA, with its tag in a comment', () => {
    for (const file of workflowFiles) {
      const uses = [...repo.read(`.github/workflows/${file}`).matchAll(/uses:\s*(\S+)(.*)$/gm)];
      for (const [, action, comment] of uses) {
        expect(action, `${file}: ${action}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(comment, `${file}: ${action}`).toMatch(/# v\d+\.\d+\.\d+/);
      }
    }
  });
});

describe('a deliberately broken workflow', () => {
  test('fails the schema check, naming the problem', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-onn: ubuntu-24.04',
      '    steps:',
      '      - run: npm test',
    ].join('\n');
    const errors = workflowSchemaErrors(broken);
    expect(errors.some((e) => e.includes("'runs-onn'"))).toBe(true);
  });

  test('fails the names check for each missing script, file and target', () => {
    const broken = `
on: push
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0
        with:
          node-version-file: .nvmrc-missing
      - run: npm run no-such-script
      - run: npm test -w @churn/no-such-workspace
      - run: bash scripts/no-such.sh
      - run: docker build -f docker/Dockerfile.api --target no-such-stage .
      - run: echo "\${{ hashFiles('no-such.lock') }}"
      - uses: docker/bake-action@d3418bd7d0e9324001bca92fa8ba175ea7e6dc9b # v7.3.0
        with:
          files: ./docker-bake.hcl
          targets: api,no-such-target
`;
    expect(workflowSchemaErrors(broken)).toEqual([]);
    expect(missingReferences(workflowReferences(broken), repo)).toEqual([
      'hashFiles: file no-such.lock does not exist',
      'jobs.test.steps[0]: file .nvmrc-missing does not exist',
      'jobs.test.steps[1]: npm script "no-such-script" is not in package.json',
      'jobs.test.steps[2]: workspace @churn/no-such-workspace does not exist',
      'jobs.test.steps[3]: file scripts/no-such.sh does not exist',
      'jobs.test.steps[4]: docker/Dockerfile.api has no stage "no-such-stage"',
      'jobs.test.steps[6]: bake target "no-such-target" is not in ./docker-bake.hcl',
    ]);
  });

  test('a bake target whose Dockerfile stage is missing fails', () => {
    const broken = {
      ...repo,
      read: (path: string) =>
        path.endsWith('docker-bake.hcl')
          ? repo.read(path).replace('target     = "production"', 'target     = "prod"')
          : repo.read(path),
    };
    const references = workflowReferences(repo.read('.github/workflows/ci.yml'));
    expect(missingReferences(references, broken)).toContain(
      'jobs.docker.steps[4]: bake target "api": docker/Dockerfile.api has no stage "prod"',
    );
  });
});

describe('Dependabot', () => {
  const config = parse(repo.read('.github/dependabot.yml')) as {
    version: number;
    updates: {
      'package-ecosystem': string;
      directory?: string;
      directories?: string[];
      groups?: object;
    }[];
  };

  test('updates npm, the Dockerfiles and the actions, each in grouped pull requests', () => {
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => u['package-ecosystem']).sort()).toEqual(
      expect.arrayContaining(['docker', 'github-actions', 'npm']),
    );
    for (const update of config.updates) {
      expect(Object.keys(update.groups ?? {}).length, update['package-ecosystem']).toBeGreaterThan(
        0,
      );
      for (const directory of update.directories ?? [update.directory ?? '']) {
        expect(repo.exists(`.${directory}`), `${update['package-ecosystem']}: ${directory}`).toBe(
          true,
        );
      }
    }
  });
});
