/**
 * CopyImage: sent in the destination region, naming the source region (a
 * pull). The copy is private, pending until its snapshots (made in this
 * region, encrypted with its default EBS key when asked or when the source
 * is) complete, and carries what CopyImage's TagSpecifications give it. A
 * repeated ClientToken answers the copy it already started, never a second.
 */
import type { CopyImageCommandInput } from '@aws-sdk/client-ec2';
import { defaultEbsKeyArn } from '../../account/world.js';
import { resourceId } from '../../account/ids.js';
import type { Image, Snapshot } from '../../account/state.js';
import { after } from '../../account/time.js';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsForResource } from '../lib/filters.js';
import { imageState } from './images.js';

/** Simulated seconds until a copy is available: it crosses regions. */
export const IMAGE_COPY_SECONDS = 120;

export const imageCopies: ServiceHandlers = {
  CopyImage: (ctx) => {
    const input = inputOf<CopyImageCommandInput>(ctx);
    if (!input.SourceRegion) throw awsError('MissingParameter', 'The request must contain the parameter SourceRegion');
    if (!input.Name) throw awsError('MissingParameter', 'The request must contain the parameter Name');
    const earlier = input.ClientToken ? Object.values(ctx.region.images).find((i) => i.clientToken === input.ClientToken) : undefined;
    if (earlier) return { ImageId: earlier.ImageId };
    const source = input.SourceImageId ? ctx.account.regions[input.SourceRegion]?.images[input.SourceImageId] : undefined;
    if (!source || !ctx.visible(source.createdAt)) throw awsError('InvalidAMIID.NotFound', `The image id '[${input.SourceImageId ?? ''}]' does not exist`);
    if (imageState(source, ctx.now) !== 'available') throw awsError('IncorrectState', `Image ${source.ImageId} is not in a state that can be copied: ${imageState(source, ctx.now)}`);
    const taken = Object.values(ctx.region.images).find((i) => i.Name === input.Name && i.OwnerId === ctx.account.accountId);
    if (taken) throw awsError('InvalidAMIName.Duplicate', `AMI name ${input.Name} is already in use by AMI ${taken.ImageId}`);
    const ImageId = resourceId('ami');
    const availableAt = after(ctx.now, IMAGE_COPY_SECONDS);
    const devices = source.blockDevices ?? [{ DeviceName: source.RootDeviceName, SnapshotId: '', VolumeSize: source.RootVolumeSize, VolumeType: source.RootVolumeType, Encrypted: false, DeleteOnTermination: true }];
    const blockDevices = devices.map((d) => {
      const encrypted = d.Encrypted || input.Encrypted === true;
      const snapshot: Snapshot = {
        SnapshotId: resourceId('snap'),
        VolumeId: 'vol-ffffffff',
        VolumeSize: d.VolumeSize,
        Description: `Copied for DestinationAmi ${ImageId} from SourceAmi ${source.ImageId} for SourceSnapshot ${d.SnapshotId}`,
        Encrypted: encrypted,
        ...(encrypted ? { KmsKeyId: defaultEbsKeyArn(ctx.regionName) } : {}),
        OwnerId: ctx.account.accountId,
        startedAt: ctx.now,
        completesAt: availableAt,
        Tags: tagsForResource(input.TagSpecifications, 'snapshot'),
        createdAt: ctx.now,
      };
      (ctx.region.snapshots ??= {})[snapshot.SnapshotId] = snapshot;
      return { ...d, SnapshotId: snapshot.SnapshotId, Encrypted: encrypted };
    });
    const image: Image = {
      ...structuredClone(source),
      ImageId,
      Name: input.Name,
      Description: input.Description ?? '',
      OwnerId: ctx.account.accountId,
      Tags: tagsForResource(input.TagSpecifications, 'image'),
      availableAt,
      copiedFrom: `${input.SourceRegion}/${source.ImageId}`,
      ...(input.ClientToken ? { clientToken: input.ClientToken } : {}),
      blockDevices,
      createdAt: ctx.now,
    };
    ctx.region.images[ImageId] = image;
    return { ImageId };
  },
};
