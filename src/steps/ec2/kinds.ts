/**
 * The ec2 step kinds as runbooks use them (index.ts adds the composites). Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { withUndo } from '../undo.js';
import { defineStepKind } from '../../engine/model/step.js';

export const ami = defineStepKind({
  kind: 'ec2.ami',
  mutating: false,
  title: () => 'Choose the machine image',
  load: async () => (await import('./ami.js')).amiKind,
});

export const attachedVolume = defineStepKind({
  kind: 'ec2.attachedVolume',
  mutating: false,
  title: () => 'Find the data volume',
  load: async () => (await import('./attached-volume.js')).attachedVolumeKind,
});

export const defaultSecurityGroup = defineStepKind({
  kind: 'ec2.defaultSecurityGroup',
  mutating: true,
  title: (id, input) => `Name the VPC's default security group ${typeof input.name === 'string' ? input.name : id}`,
  load: async () => (await import('./default-security-group.js')).defaultSecurityGroupKind,
});

export const ebsEncryptionByDefault = defineStepKind({
  kind: 'ec2.ebsEncryptionByDefault',
  mutating: true,
  title: () => 'Encrypt new EBS volumes in the region by default',
  load: async () => (await import('./ebs-encryption-by-default.js')).ebsEncryptionByDefaultKind,
});

export const elasticIp = defineStepKind({
  kind: 'ec2.elasticIp',
  mutating: true,
  title: (id, input) => `Elastic IP ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./elastic-ip.js').then((m) => m.elasticIpKind), import('./elastic-ip-undo.js').then((m) => m.elasticIpUndo)),
});

export const findInstance = defineStepKind({
  kind: 'ec2.findInstance',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Find ${input.what}` : id),
  load: async () => (await import('./find-instance.js')).findInstanceKind,
});

export const instance = defineStepKind({
  kind: 'ec2.instance',
  mutating: true,
  title: (id, input) => `Instance ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./instance.js').then((m) => m.instanceKind), import('./instance-undo.js').then((m) => m.instanceUndo)),
});

export const keyPair = defineStepKind({
  kind: 'ec2.keyPair',
  mutating: true,
  title: (id, input) => `Key pair ${typeof input.keyName === 'string' ? input.keyName : id}`,
  load: () => withUndo(import('./key-pair.js').then((m) => m.keyPairKind), import('./key-pair-undo.js').then((m) => m.keyPairUndo)),
});

export const network = defineStepKind({
  kind: 'ec2.network',
  mutating: false,
  title: () => 'Find the VPC and subnet',
  load: async () => (await import('./network.js')).networkKind,
});

export const securityGroup = defineStepKind({
  kind: 'ec2.securityGroup',
  mutating: true,
  title: (id, input) => `Security group ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./security-group.js').then((m) => m.securityGroupKind), import('./security-group-undo.js').then((m) => m.securityGroupUndo)),
});

export const subnet = defineStepKind({
  kind: 'ec2.subnet',
  mutating: true,
  title: (id, input) => `Subnet ${typeof input.index === 'number' ? input.index + 1 : id}${typeof input.namePrefix === 'string' ? ` (${input.namePrefix}*)` : ''}`,
  load: () => withUndo(import('./subnet.js').then((m) => m.subnetKind), import('./subnet-undo.js').then((m) => m.subnetUndo)),
});

export const volume = defineStepKind({
  kind: 'ec2.volume',
  mutating: true,
  title: (id, input) => `Data volume ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./volume.js').then((m) => m.volumeKind), import('./volume-undo.js').then((m) => m.volumeUndo)),
});

export const volumeSize = defineStepKind({
  kind: 'ec2.volumeSize',
  mutating: true,
  title: (id, input) => (typeof input.sizeGiB === 'number' ? `Grow the volume to ${input.sizeGiB} GiB` : 'Grow the volume'),
  load: async () => (await import('./volume-size.js')).volumeSizeKind,
});

export const vpc = defineStepKind({
  kind: 'ec2.vpc',
  mutating: true,
  title: (id, input) => (typeof input.vpcId === 'string' ? `Adopt VPC ${input.vpcId}` : `VPC ${typeof input.name === 'string' ? input.name : id} with public subnets`),
  load: () => withUndo(import('./vpc.js').then((m) => m.vpcKind), import('./vpc-undo.js').then((m) => m.vpcUndo)),
});

export const image = defineStepKind({
  kind: 'ec2.image',
  mutating: true,
  title: (id, input) => (typeof input.name === 'string' ? `Image ${input.name}` : id),
  load: () => withUndo(import('./image.js').then((m) => m.imageKind), import('./image-undo.js').then((m) => m.imageUndo)),
});

export const imageAvailable = defineStepKind({
  kind: 'ec2.imageAvailable',
  mutating: false,
  title: (id, input) => `Wait until ${typeof input.name === 'string' ? `image ${input.name}` : 'the image'} is available`,
  load: async () => (await import('./image-available.js')).imageAvailableKind,
});

export const builtImage = defineStepKind({
  kind: 'ec2.builtImage',
  mutating: false,
  title: (id, input) => `Is ${typeof input.name === 'string' ? `image ${input.name}` : 'the image'} built?`,
  load: async () => (await import('./built-image.js')).builtImageKind,
});

export const imageCopy = defineStepKind({
  kind: 'ec2.imageCopy',
  mutating: true,
  title: (id, input) => `Copy ${typeof input.name === 'string' ? `image ${input.name}` : 'the image'} to every region`,
  load: () => withUndo(import('./image-copy.js').then((m) => m.imageCopyKind), import('./image-copy-undo.js').then((m) => m.imageCopyUndo)),
});

export const terminateInstance = defineStepKind({
  kind: 'ec2.terminateInstance',
  mutating: true,
  title: (id, input) => (typeof input.instanceId === 'string' ? `Terminate instance ${input.instanceId}` : 'Terminate the instance'),
  load: async () => (await import('./terminate-instance.js')).terminateInstanceKind,
});

export const subnets = defineStepKind({
  kind: 'ec2.subnets',
  mutating: false,
  title: (id, input) => (typeof input.purpose === 'string' ? `Find the subnets for ${input.purpose}` : 'Find the subnets'),
  load: async () => (await import('./subnets.js')).subnetsKind,
});

export const launchTemplateVersion = defineStepKind({
  kind: 'ec2.launchTemplateVersion',
  mutating: true,
  title: (id, input) => `New launch template version launching ${typeof input.imageId === 'string' ? input.imageId : 'the new image'}`,
  load: () =>
    withUndo(
      import('./launch-template-version.js').then((m) => m.launchTemplateVersionKind),
      import('./launch-template-version-undo.js').then((m) => m.launchTemplateVersionUndo),
    ),
});

export const launchTemplate = defineStepKind({
  kind: 'ec2.launchTemplate',
  mutating: true,
  title: (id, input) => `Launch template ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./launch-template.js').then((m) => m.launchTemplateKind), import('./launch-template-undo.js').then((m) => m.launchTemplateUndo)),
});
