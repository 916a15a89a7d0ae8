/** `rds.*` for runbooks: the step kinds, one module per resource family. */
export * from './instance-kinds.js';
export * from './snapshot-kinds.js';
