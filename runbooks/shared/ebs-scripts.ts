/**
 * Host scripts shared by the lamp runbooks: a bash function that finds an
 * EBS volume's block device by the volume's id, and the df verification of
 * the data volume's size.
 */
import { readTemplate, sourceDirOf } from '../../src/engine/model/paths.js';

const dir = sourceDirOf(import.meta.url);

/** Where udev links EBS devices by volume id on Nitro instances. */
export const DISK_BY_ID = '/dev/disk/by-id';

/** The script body, after the `ebs_device` and `on_device` functions it calls. */
export function withEbsDevice(body: string): string {
  return `${readTemplate(dir, 'ebs-device.sh').trimEnd()}\n\n${body}`;
}

/** Verification that MOUNT_POINT is VOLUME_ID with SIZE_GIB, as df shows it. */
export const DATA_VOLUME_SIZE = withEbsDevice(readTemplate(dir, 'data-volume-size.sh'));
