import { resolve } from 'node:path';
import { openRepository } from '../src/repository.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const repo = openRepository(REPO_ROOT);
