// Import rules of the repository, checked by this workspace's lint task (part of `npm test`):
//   depcruise --config tooling/imports/dependency-cruiser.cjs packages apps (from the repository root)
// The second run collapses every module to its workspace, so a circle between packages
// shows even when no two files import each other in a ring.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle of imports has no first module: split the shared part into its own file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-package-imports-app',
      severity: 'error',
      comment: 'Apps depend on packages, never the reverse (ARCHITECTURE.md).',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      // Resolve @churn/* to their sources (the exports condition the tests use), so an
      // import between packages is an edge between their files.
      conditionNames: ['@churn/source', 'import', 'types', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
