export * from './columns.js';
export * from './psi.js';
