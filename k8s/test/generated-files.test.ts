import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles, REPO_ROOT } from '../src/generated-files.js';

describe('copies kustomize reads from inside k8s/', () => {
  it.each(generatedFiles().map((file) => [file.path, file] as const))(
    '%s is up to date (else: npm run sync -w @churn/k8s)',
    (_path, file) => {
      expect(readFileSync(join(REPO_ROOT, file.path), 'utf8')).toBe(file.content);
    },
  );

  it('follows an edit of the source', () => {
    const root = mkdtempSync(join(tmpdir(), 'k8s-generated-'));
    try {
      for (const file of generatedFiles()) {
        for (const source of file.sources) {
          mkdirSync(dirname(join(root, source)), { recursive: true });
          writeFileSync(join(root, source), readFileSync(join(REPO_ROOT, source), 'utf8'));
        }
      }
      writeFileSync(join(root, 'config/config.yaml'), 'app:\n  log_level: debug\n');
      const config = generatedFiles(root).find((file) =>
        file.sources.includes('config/config.yaml'),
      );
      expect(config?.content).toBe('app:\n  log_level: debug\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
