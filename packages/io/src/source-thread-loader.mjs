// Development only: runs a TypeScript thread module from the sources. Node 20 does not
// apply the parent's `--import tsx` hooks to worker threads, so register tsx here, then
// import the entry that startModuleThread (thread.ts) passed as the last argument. Built
// code (dist/) starts the thread's .js file directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import(process.argv.at(-1));
