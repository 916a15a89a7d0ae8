/** `rds.*` for runbooks: the step kinds, one module per resource family. */
export * from './snapshot-kinds.js';
