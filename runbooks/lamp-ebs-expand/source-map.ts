/**
 * The source's instructions for an EBS volume that runs out of space, one
 * label per line of its block, in order, and the decisions taken.
 */
import type { Decision } from '../../src/authoring/index.js';

export const sourceSteps = ['expand.console', 'expand.lsblk', 'expand.growpart', 'expand.xfs_growfs'];

export const decisions: Decision[] = [
  {
    covers: 'expand.console',
    decision:
      'ModifyVolume instead of the console, after checking that the new size is larger (a volume cannot shrink); the step waits until the modification is optimizing, when the new size takes effect. A volume already at the size, or being modified to it, is not modified again.',
  },
  { covers: 'expand.lsblk', decision: 'The device is found by the volume id; its lsblk listing is in the step output.' },
  {
    covers: 'expand.growpart',
    decision:
      'Only when the file system sits on a partition. lamp-swarm-node (like the source) formats the whole device, where growpart DEVICE 1 cannot work: there xfs_growfs alone grows the file system. growpart answering NOCHANGE is not an error.',
  },
  { covers: 'expand.xfs_growfs', decision: 'Run on the mount point, then verified with df: the file system must show the new size (within 1%: XFS keeps its log inside it).' },
];
