/**
 * Host scripts shared by the lamp runbooks: `ebs-device.sh` (a prelude of
 * shell functions that find an EBS volume's block device by the volume's id)
 * and the df verification of the data volume's size.
 */
import { hostScripts, runbookDir } from '../../src/authoring/index.js';

const here = runbookDir(import.meta.url);

/** Where udev links EBS devices by volume id on Nitro instances. */
export const DISK_BY_ID = '/dev/disk/by-id';

/** The prelude for a runbook's own scripts that call `ebs_device` and `on_device`, relative to its folder. */
export const EBS_DEVICE_PRELUDE = '../shared/ebs-device.sh';

export const sharedScripts = hostScripts(here, {
  /** MOUNT_POINT is VOLUME_ID with SIZE_GIB, as df shows it. */
  dataVolumeSize: { file: 'data-volume-size.sh', prelude: ['ebs-device.sh'] },
});
