/**
 * Destroying what `ec2.snapshotCopy` made: the copy in the run's region.
 * When the snapshot was already in this region nothing was copied, and the
 * snapshot it names is not the run's to remove.
 */
import { snapshotUndo } from './snapshot-removal.js';
import type { SnapshotCopyInput, SnapshotCopyOutputs } from './snapshot-copy.js';

export const snapshotCopyUndo = snapshotUndo<SnapshotCopyInput, SnapshotCopyOutputs>({
  region: (_input, outputs) => outputs.region,
  recorded: (outputs) => (outputs.copied === false ? undefined : outputs.snapshotId),
});
