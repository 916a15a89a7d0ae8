/**
 * Runbook `lamp-ebs-expand`: seed 002, the "EC2 Commands" for an EBS volume
 * that runs out of space. Grows a node's data volume to a larger size, waits
 * for the modification, grows the partition (only when there is one) and the
 * XFS file system, and checks with df that the file system has the new size.
 * Safe to run again: what already has the size is left alone.
 */
import { defineRunbook } from '../../src/engine/model/runbook.js';
import { param } from '../../src/engine/model/params.js';
import { readTemplate, sourceDirOf } from '../../src/engine/model/paths.js';
import { attachedVolume, findInstance, volumeSize } from '../../src/steps/ec2/index.js';
import { script, succeeds, verify } from '../../src/steps/ssm/index.js';
import { DATA_VOLUME_SIZE, DISK_BY_ID, withEbsDevice } from '../shared/ebs-scripts.js';
import { decisions, sourceSteps } from './source-map.js';
import { meta } from './meta.js';

const dir = sourceDirOf(import.meta.url);
const body = (name: string) => withEbsDevice(readTemplate(dir, `scripts/${name}.sh`));

export default defineRunbook({
  ...meta,
  summary:
    "Grows a node's EBS data volume to a larger size, waits until the new size takes effect, grows the partition only when the file system sits on one, grows the XFS file system with xfs_growfs, and verifies with df that it has the new size.",
  source: { file: meta.source.file, procedure: meta.source.procedure, steps: sourceSteps },
  dir,
  decisions,
  params: {
    instance: param.name('The node: its Name tag (lamp-swarm-node names a node by its DNS name) or its instance id', { example: 'node-01.example.com' }),
    sizeGiB: param.int('The new size of the data volume; larger than the current one (a volume cannot shrink)', { min: 64, max: 16384, unit: 'GiB' }),
    volumeId: param.awsId('vol', 'The data volume, when the instance has several besides its root volume', { optional: true }),
    mountPoint: param.string('Where the data volume is mounted', { default: '/data', expected: 'an absolute path such as /data', pattern: /^\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/?)*$/ }),
  },
  steps: (params) => {
    const node = findInstance('find-instance', { covers: 'expand.console', what: 'the node', name: params.instance });
    const data = attachedVolume('data-volume', { covers: 'expand.console', instanceId: node.out.instanceId, rootDeviceName: node.out.rootDeviceName, volumeId: params.volumeId });
    const grow = volumeSize('grow-volume', { covers: 'expand.console', title: 'Grow the data volume to sizeGiB, wait until the size takes effect', volumeId: data.out.volumeId, sizeGiB: params.sizeGiB });
    const vars = { VOLUME_ID: data.out.volumeId, API_DEVICE: data.out.device, DISK_BY_ID, MOUNT_POINT: params.mountPoint, SIZE_GIB: params.sizeGiB };
    const shell = (name: string, text = body(name)) => ({ name: `lamp-ebs-expand/${name}`, vars, body: text });
    const growFs = script('grow-filesystem', {
      covers: 'expand.lsblk, expand.growpart, expand.xfs_growfs',
      title: 'Grow the partition (if any) and the file system',
      after: [grow],
      instanceId: node.out.instanceId,
      probe: shell('filesystem-fills-device'),
      script: shell('grow-filesystem'),
    });
    const size = verify('filesystem-size', {
      covers: 'expand.xfs_growfs',
      title: 'Verify: df shows the new size',
      after: [growFs],
      instanceId: node.out.instanceId,
      probe: shell('data-volume-size', DATA_VOLUME_SIZE),
      expect: succeeds('the file system has the new size'),
    });
    return [node, data, grow, growFs, size];
  },
});
