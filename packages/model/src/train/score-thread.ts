/**
 * Worker-thread entry of `predictProbaOnThreads`: adds the trees to its rows of the shared
 * logits with the same function as the calling thread, then ends.
 */
import { workerData } from 'node:worker_threads';
import { addTrees, type ScoreThreadData } from './predict.js';

const { trees, matrix, width, logits, start, end } = workerData as ScoreThreadData;
addTrees(trees, matrix, width, logits, start, end);
