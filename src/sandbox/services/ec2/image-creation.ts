/**
 * Images this account makes: CreateImage from an instance (a snapshot of each
 * of its volumes, the instance rebooted unless NoReboot, the image pending
 * until the snapshots complete; a name is unique in the region), and
 * DeregisterImage (its snapshots stay, as in AWS, until deleted).
 */
import type { CreateImageCommandInput, DeregisterImageCommandInput } from '@aws-sdk/client-ec2';
import { resourceId } from '../../account/ids.js';
import type { Image, Snapshot } from '../../account/state.js';
import { after } from '../../account/time.js';
import { captureHost } from '../../host/image.js';
import { bootHost } from '../../host/systemd.js';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsForResource } from '../lib/filters.js';
import { ec2One } from './common.js';
import { REBOOT_SECONDS, instanceState } from './lifecycle.js';
import { volumeSize } from './volume-states.js';

/** Simulated seconds until a new image is available. */
export const IMAGE_SECONDS = 60;

export const imageCreation: ServiceHandlers = {
  CreateImage: (ctx) => {
    const input = inputOf<CreateImageCommandInput>(ctx);
    if (!input.Name) throw awsError('MissingParameter', 'The request must contain the parameter name');
    if (!/^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/.test(input.Name))
      throw awsError('InvalidAMIName.Malformed', `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'`);
    const instance = ec2One(ctx, 'instance', input.InstanceId);
    const state = instanceState(instance, ctx.now).Name;
    if (state !== 'running') throw awsError('IncorrectInstanceState', `The instance '${instance.InstanceId}' is not in a state from which it can be imaged.`);
    const taken = Object.values(ctx.region.images).find((i) => i.Name === input.Name && i.OwnerId === ctx.account.accountId);
    if (taken) throw awsError('InvalidAMIName.Duplicate', `AMI name ${input.Name} is already in use by AMI ${taken.ImageId}`);
    const source = ctx.region.images[instance.ImageId];
    const ImageId = resourceId('ami');
    const availableAt = after(ctx.now, IMAGE_SECONDS);
    const snapshotTags = tagsForResource(input.TagSpecifications, 'snapshot');
    const blockDevices = instance.BlockDeviceMappings.map((d) => {
      const volume = ctx.region.volumes[d.VolumeId]!;
      const snapshot: Snapshot = {
        SnapshotId: resourceId('snap'),
        VolumeId: volume.VolumeId,
        VolumeSize: volumeSize(volume, ctx.now),
        Description: `Created by CreateImage(${instance.InstanceId}) for ${ImageId}`,
        Encrypted: volume.Encrypted,
        ...(volume.KmsKeyId ? { KmsKeyId: volume.KmsKeyId } : {}),
        OwnerId: ctx.account.accountId,
        startedAt: ctx.now,
        completesAt: availableAt,
        Tags: { ...snapshotTags },
        createdAt: ctx.now,
      };
      (ctx.region.snapshots ??= {})[snapshot.SnapshotId] = snapshot;
      return { DeviceName: d.DeviceName, SnapshotId: snapshot.SnapshotId, VolumeSize: snapshot.VolumeSize, VolumeType: volume.VolumeType, Encrypted: volume.Encrypted, DeleteOnTermination: d.DeleteOnTermination };
    });
    if (!input.NoReboot) bootHost(instance.host, after(ctx.now, REBOOT_SECONDS));
    const root = blockDevices.find((d) => d.DeviceName === source?.RootDeviceName) ?? blockDevices[0];
    const image: Image = {
      ImageId,
      Name: input.Name,
      Description: input.Description ?? '',
      Architecture: source?.Architecture ?? 'x86_64',
      RootDeviceName: source?.RootDeviceName ?? '/dev/xvda',
      RootVolumeSize: root?.VolumeSize ?? 8,
      RootVolumeType: root?.VolumeType ?? 'gp3',
      OwnerId: ctx.account.accountId,
      ...(source?.ImdsSupport ? { ImdsSupport: source.ImdsSupport } : {}),
      os: source?.os ?? instance.host.os,
      defaultUser: source?.defaultUser ?? 'ec2-user',
      Tags: tagsForResource(input.TagSpecifications, 'image'),
      availableAt,
      sourceInstanceId: instance.InstanceId,
      blockDevices,
      host: captureHost(instance.host),
      createdAt: ctx.now,
    };
    ctx.region.images[ImageId] = image;
    return { ImageId };
  },

  DeregisterImage: (ctx) => {
    const image = ec2One(ctx, 'image', inputOf<DeregisterImageCommandInput>(ctx).ImageId);
    if (image.OwnerId !== ctx.account.accountId) throw awsError('AuthFailure', `Not authorized for image:${image.ImageId}`);
    delete ctx.region.images[image.ImageId];
    return { Return: true };
  },
};
