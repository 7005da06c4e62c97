import { defineConfig } from 'vitest/config';

// Resolve workspace packages to their TypeScript sources, so tests never run against a stale dist/.
export default defineConfig({
  resolve: { conditions: ['@churn/source'] },
  ssr: { resolve: { conditions: ['@churn/source'] } },
  test: { include: ['test/**/*.test.ts'] },
});
