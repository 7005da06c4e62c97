import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` that sits next to the caller's file
 * (`callerUrl` is the caller's `import.meta.url`): `<name>.js` in dist/, `<name>.ts` from
 * the sources. Node 20 does not give worker threads the parent's `--import tsx` hooks, so
 * from the sources (tsx, vitest) a small loader registers tsx in the thread first.
 *
 * @example
 * const worker = startModuleThread(import.meta.url, './tree-thread', { workerData });
 */
export function startModuleThread(
  callerUrl: string,
  name: string,
  options: WorkerOptions = {},
): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`${name}.${fromSources ? 'ts' : 'js'}`, callerUrl);
  if (!fromSources) return new Worker(entry, options);
  // the loader finds the entry as its last argument; workerData reaches the entry unchanged
  return new Worker(new URL('./source-thread-loader.mjs', import.meta.url), {
    ...options,
    argv: [...(options.argv ?? []), entry.href],
  });
}
