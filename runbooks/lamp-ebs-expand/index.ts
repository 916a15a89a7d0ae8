/**
 * Runbook `lamp-ebs-expand`: seed 002, the "EC2 Commands" for an EBS volume
 * that runs out of space. Grows a node's data volume to a larger size, waits
 * for the modification, grows the partition (only when there is one) and the
 * XFS file system, and checks with df that the file system has the new size.
 * Safe to run again: what already has the size is left alone.
 */
import { defineRunbook, ec2, param, ssm } from '../../src/authoring/index.js';
import { DISK_BY_ID, sharedScripts } from '../shared/ebs.js';
import { scripts, here as dir } from './scripts.js';
import { decisions, sourceSteps } from './source-map.js';

const NODE = 'node-01.example.com';

export default defineRunbook({
  id: 'lamp-ebs-expand',
  title: "Grow a LAMP node's data volume and its file system",
  summary:
    "Grows a node's EBS data volume to a larger size, waits until the new size takes effect, grows the partition only when the file system sits on one, grows the XFS file system with xfs_growfs, and verifies with df that it has the new size.",
  source: { file: '002_6d0e6b26ceddd92d.txt', procedure: 'EC2 Commands, EBS volume expansion', steps: sourceSteps },
  dir,
  decisions,
  rehearsal: {
    params: { instance: NODE, sizeGiB: 128 },
    before: [{ runbook: 'lamp-swarm-node', params: { dnsName: NODE, hostedZone: 'example.com', dataVolumeSizeGiB: 64 } }],
  },
  simulation: () => import('./simulation.js'),
  params: {
    instance: param.name('The node: its Name tag (lamp-swarm-node names a node by its DNS name) or its instance id', { example: 'node-01.example.com' }),
    sizeGiB: param.int('The new size of the data volume; larger than the current one (a volume cannot shrink)', { min: 64, max: 16384, unit: 'GiB' }),
    volumeId: param.awsId('vol', 'The data volume, when the instance has several besides its root volume', { optional: true }),
    mountPoint: param.string('Where the data volume is mounted', { default: '/data', expected: 'an absolute path such as /data', pattern: /^\/(?:[A-Za-z0-9_-][A-Za-z0-9._-]*\/?)*$/ }),
  },
  steps: (params) => {
    const node = ec2.findInstance('find-instance', { covers: 'expand.console', what: 'the node', name: params.instance });
    const data = ec2.attachedVolume('data-volume', { covers: 'expand.console', instanceId: node.out.instanceId, rootDeviceName: node.out.rootDeviceName, volumeId: params.volumeId });
    const grow = ec2.volumeSize('grow-volume', { covers: 'expand.console', title: 'Grow the data volume to {sizeGiB} GiB, wait until the size takes effect', volumeId: data.out.volumeId, sizeGiB: params.sizeGiB, report: { volumeId: 'Data volume', sizeGiB: 'Size (GiB)' } });
    const vars = { VOLUME_ID: data.out.volumeId, API_DEVICE: data.out.device, DISK_BY_ID, MOUNT_POINT: params.mountPoint, SIZE_GIB: params.sizeGiB };
    const growFs = ssm.script('grow-filesystem', {
      covers: 'expand.lsblk, expand.growpart, expand.xfs_growfs',
      title: 'Grow the partition (if any) and the file system',
      after: [grow],
      instanceId: node.out.instanceId,
      probe: scripts.filesystemFillsDevice.with(vars),
      script: scripts.growFilesystem.with(vars),
    });
    const size = ssm.verify('filesystem-size', {
      covers: 'expand.xfs_growfs',
      title: 'Verify: df shows the new size',
      after: [growFs],
      instanceId: node.out.instanceId,
      probe: sharedScripts.dataVolumeSize.with(vars),
      expect: ssm.succeeds('the file system has the new size'),
    });
    return [node, data, grow, growFs, size];
  },
});
