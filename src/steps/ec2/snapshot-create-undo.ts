/** Destroying what `ec2.volumeSnapshot` made: the snapshot, in the region the step took it in. */
import { snapshotUndo } from './snapshot-removal.js';
import type { VolumeSnapshotInput, VolumeSnapshotOutputs } from './snapshot-create.js';

export const volumeSnapshotUndo = snapshotUndo<VolumeSnapshotInput, VolumeSnapshotOutputs>({
  region: (input) => input.region,
  recorded: (outputs) => outputs.snapshotId,
});
