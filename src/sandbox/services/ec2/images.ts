/** Read-only catalog calls: images and instance types. */
import type { DescribeImagesCommandInput, DescribeInstanceTypesCommandInput, Image as ImageView, InstanceTypeInfo as InstanceTypeView } from '@aws-sdk/client-ec2';
import { INSTANCE_TYPES, type InstanceTypeInfo } from '../../account/world.js';
import { inputOf, namedOrAll, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList } from '../lib/filters.js';
import type { Image } from '../../account/state.js';

/** A made image is pending until its snapshots complete; the public catalog's are available. */
export function imageState(image: Image, now: number): 'pending' | 'available' {
  return image.availableAt !== undefined && now < image.availableAt ? 'pending' : 'available';
}

/** The catalog's images are public; what this account made or copied is private. */
const isPublic = (image: Image) => image.sourceInstanceId === undefined && image.copiedFrom === undefined;

function blockDevicesView(image: Image): ImageView['BlockDeviceMappings'] {
  if (image.blockDevices)
    return image.blockDevices.map((d) => ({ DeviceName: d.DeviceName, Ebs: { SnapshotId: d.SnapshotId, VolumeSize: d.VolumeSize, VolumeType: d.VolumeType as 'gp3', DeleteOnTermination: d.DeleteOnTermination, Encrypted: d.Encrypted } }));
  return [{ DeviceName: image.RootDeviceName, Ebs: { SnapshotId: `snap-${image.ImageId.slice(4)}`, VolumeSize: image.RootVolumeSize, VolumeType: image.RootVolumeType as 'gp3', DeleteOnTermination: true, Encrypted: false } }];
}

function imageView(image: Image, now: number): ImageView {
  return {
    ImageId: image.ImageId,
    Name: image.Name,
    Description: image.Description,
    Architecture: image.Architecture,
    RootDeviceName: image.RootDeviceName,
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    State: imageState(image, now),
    OwnerId: image.OwnerId,
    Public: isPublic(image),
    ImageType: 'machine',
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    EnaSupport: true,
    ImdsSupport: image.ImdsSupport as ImageView['ImdsSupport'],
    CreationDate: new Date(image.createdAt).toISOString(),
    BlockDeviceMappings: blockDevicesView(image),
    Tags: tagList(image.Tags),
  };
}

function instanceTypeView(t: InstanceTypeInfo): InstanceTypeView {
  return {
    InstanceType: t.type as InstanceTypeView['InstanceType'],
    CurrentGeneration: true,
    FreeTierEligible: t.type === 't3.micro',
    SupportedUsageClasses: ['on-demand', 'spot'],
    SupportedRootDeviceTypes: ['ebs'],
    SupportedVirtualizationTypes: ['hvm'],
    Hypervisor: 'nitro',
    ProcessorInfo: { SupportedArchitectures: [t.arch], SustainedClockSpeedInGhz: t.arch === 'arm64' ? 2.5 : 3.1 },
    VCpuInfo: { DefaultVCpus: t.vcpus, DefaultCores: t.arch === 'arm64' ? t.vcpus : t.vcpus / 2, DefaultThreadsPerCore: t.arch === 'arm64' ? 1 : 2 },
    MemoryInfo: { SizeInMiB: t.memoryMiB },
    InstanceStorageSupported: false,
    EbsInfo: { EbsOptimizedSupport: 'default', EncryptionSupport: 'supported', NvmeSupport: 'required' },
    NetworkInfo: { NetworkPerformance: t.network, EnaSupport: 'required' },
    BurstablePerformanceSupported: /^t\d/.test(t.type),
  };
}

export const images: ServiceHandlers = {
  DescribeImages: (ctx) => {
    const input = inputOf<DescribeImagesCommandInput>(ctx);
    const notFound = (ids: string[]) => awsError('InvalidAMIID.NotFound', `The image id '[${ids.join(', ')}]' does not exist`);
    let found = namedOrAll(ctx, ctx.region.images, input.ImageIds, notFound);
    const self = ctx.account.accountId;
    if (input.Owners?.length)
      found = found.filter((i) => input.Owners!.includes(i.OwnerId) || (input.Owners!.includes('self') && i.OwnerId === self) || (input.Owners!.includes('amazon') && i.os === 'al2023' && i.OwnerId !== self));
    found = applyFilters(found, input.Filters, {
      'image-id': (i) => i.ImageId,
      name: (i) => i.Name,
      architecture: (i) => i.Architecture,
      'owner-id': (i) => i.OwnerId,
      'root-device-name': (i) => i.RootDeviceName,
      'root-device-type': () => 'ebs',
      'virtualization-type': () => 'hvm',
      'is-public': isPublic,
      state: (i) => imageState(i, ctx.now),
    });
    return { Images: found.map((i) => imageView(i, ctx.now)) };
  },

  DescribeInstanceTypes: (ctx) => {
    const input = inputOf<DescribeInstanceTypesCommandInput>(ctx);
    const unknown = (input.InstanceTypes ?? []).filter((t) => !INSTANCE_TYPES.some((i) => i.type === t));
    if (unknown.length) throw awsError('InvalidInstanceType', `The following supplied instance types do not exist: [${unknown.join(', ')}]`);
    const named = input.InstanceTypes?.length ? INSTANCE_TYPES.filter((t) => input.InstanceTypes!.includes(t.type as never)) : [...INSTANCE_TYPES];
    const found = applyFilters(named, input.Filters, {
      'instance-type': (t) => t.type,
      'processor-info.supported-architecture': (t) => t.arch,
      'vcpu-info.default-vcpus': (t) => t.vcpus,
      'memory-info.size-in-mib': (t) => t.memoryMiB,
      'current-generation': () => true,
      'burstable-performance-supported': (t) => /^t\d/.test(t.type),
    });
    return { InstanceTypes: found.map(instanceTypeView) };
  },
};
