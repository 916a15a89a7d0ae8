/**
 * The EBS snapshot step kinds as runbooks use them (`ec2.snapshot`,
 * `ec2.snapshotCopy`, `ec2.volumeSnapshot`). Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const snapshot = defineStepKind({
  kind: 'ec2.snapshot',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Check ${input.what}` : `Check the snapshot (${id})`),
  load: async () => (await import('./snapshot.js')).snapshotKind,
});

export const snapshotCopy = defineStepKind({
  kind: 'ec2.snapshotCopy',
  mutating: true,
  title: (id, input) => (typeof input.snapshotId === 'string' ? `Copy snapshot ${input.snapshotId} to this region` : `Copy the snapshot to this region (${id})`),
  load: () => withUndo(import('./snapshot-copy.js').then((m) => m.snapshotCopyKind), import('./snapshot-copy-undo.js').then((m) => m.snapshotCopyUndo)),
});

export const volumeSnapshot = defineStepKind({
  kind: 'ec2.volumeSnapshot',
  mutating: true,
  title: (id, input) => (typeof input.name === 'string' ? `Snapshot ${input.name}` : `Snapshot the volume (${id})`),
  load: () => withUndo(import('./snapshot-create.js').then((m) => m.volumeSnapshotKind), import('./snapshot-create-undo.js').then((m) => m.volumeSnapshotUndo)),
});
