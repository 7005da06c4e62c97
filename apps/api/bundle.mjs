// Bundles the built server (dist/server.js, after tsc) into dist/bundle/: server.js, which the
// production image runs, and scoring-thread.js, the scoring thread's entry.
// Why: Node's ES module loader costs about a millisecond and some memory per file, and the
// server loads ~1,350 (typebox alone ~700). One file starts the API in about half the
// CPU time with ~24 MiB less memory (docs/benchmarks.md, "API start-up and memory").
// Usage: node bundle.mjs (part of `npm run build`).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// ThreadedScorer starts `./scoring-thread.js` next to its own file, which becomes server.js.
const scoringThread = fileURLToPath(
  new URL('./scoring-thread.js', import.meta.resolve('@churn/scorer/thread')),
);

await build({
  entryPoints: [fileURLToPath(new URL('dist/server.js', import.meta.url)), scoringThread],
  outdir: fileURLToPath(new URL('dist/bundle', import.meta.url)),
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded from node_modules as before: onnxruntime-node's native library, and Swagger UI's
  // static files, which it finds by its own __dirname. (pino transports, which start worker
  // files the same way, would need the same; the API logs to stdout without one.)
  external: ['onnxruntime-node', '@fastify/swagger-ui'],
  // CommonJS dependencies (fastify, pino...) call require() for Node's built-in modules; an
  // ES module has no require, so give the bundle one (esbuild's documented workaround).
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
