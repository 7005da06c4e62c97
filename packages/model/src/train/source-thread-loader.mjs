// Development only: runs the TypeScript histogram thread from the sources. Node 20 does
// not apply the parent's `--import tsx` hooks to worker threads, so register tsx here
// (as @churn/scorer's thread loader does). Built code (dist/) starts histogram-thread.js
// directly and never loads this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
