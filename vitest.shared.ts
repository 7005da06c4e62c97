import { defineConfig } from 'vitest/config';

/** The vitest settings of every workspace; each package's vitest.config.ts re-exports them. */
export default defineConfig({
  // Resolve workspace packages to their TypeScript sources, so tests never run against a stale dist/.
  resolve: { conditions: ['@churn/source'] },
  ssr: { resolve: { conditions: ['@churn/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // Training and onnxruntime tests take a few seconds when CI or a Docker build loads the
    // machine; the 5 s default would fail them for being slow, not wrong.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
