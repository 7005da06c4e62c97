// Bundles the built server (dist/server.js, after tsc) into dist/bundle/: server.js, which the
// production image runs, and scoring-thread.js, the scoring thread's entry.
// Why: Node's ES module loader costs time and memory per file, and the server loads ~1,350
// (typebox alone ~700). One file starts the API with less CPU time and memory (figures:
// docs/benchmarks.md, "API start-up and memory").
// Usage: node bundle.mjs (part of `npm run build`).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// ThreadedScorer starts `./scoring-thread.js` next to its own file, which becomes server.js.
const scoringThread = fileURLToPath(
  new URL('./scoring-thread.js', import.meta.resolve('@churn/scorer/thread')),
);

// Swagger UI finds its page, logo and assets by __dirname, which an ES module bundle does not
// define. Its files get the folder they have in node_modules, found when the bundle runs, so the
// bundle keeps its CommonJS dependencies (@fastify/static, glob, a second yaml...) inside:
// loading those from node_modules was a large part of the start (docs/benchmarks.md).
const PACKAGE_FILE = /[\\/]node_modules[\\/](@fastify[\\/]swagger-ui)[\\/](.+\.js)$/;
const swaggerUiDirname = {
  name: 'swagger-ui-dirname',
  setup(bundle) {
    bundle.onLoad({ filter: PACKAGE_FILE }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!source.includes('__dirname')) return undefined;
      const [, name, file] = PACKAGE_FILE.exec(path);
      const where = JSON.stringify(`${name}/${file}`.replaceAll('\\', '/'));
      const dirname = `const __dirname = require('node:path').dirname(require.resolve(${where}));`;
      return { contents: `${dirname}\n${source}`, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [fileURLToPath(new URL('dist/server.js', import.meta.url)), scoringThread],
  outdir: fileURLToPath(new URL('dist/bundle', import.meta.url)),
  entryNames: '[name]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // onnxruntime-node loads its native library from node_modules. (pino transports start worker
  // files by __dirname too; the API logs to stdout without one.)
  external: ['onnxruntime-node'],
  plugins: [swaggerUiDirname],
  // CommonJS dependencies (fastify, pino...) call require() for Node's built-in modules; an
  // ES module has no require, so give the bundle one (esbuild's documented workaround). It
  // resolves from dist/bundle/, so it finds node_modules as the modules did.
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
