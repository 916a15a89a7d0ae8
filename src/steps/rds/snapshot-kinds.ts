/**
 * The RDS snapshot step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const dbSnapshot = defineStepKind({
  kind: 'rds.dbSnapshot',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Check ${input.what}` : `Check the DB snapshot (${id})`),
  load: async () => (await import('./db-snapshot.js')).dbSnapshotKind,
});

export const dbSnapshotCopy = defineStepKind({
  kind: 'rds.dbSnapshotCopy',
  mutating: true,
  title: () => 'Copy the DB snapshot to this region',
  load: () => withUndo(import('./db-snapshot-copy.js').then((m) => m.dbSnapshotCopyKind), import('./db-snapshot-copy-undo.js').then((m) => m.dbSnapshotCopyUndo)),
});
