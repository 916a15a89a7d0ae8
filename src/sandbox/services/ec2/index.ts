/** EC2, assembled from one module per resource family. */
import type { ServiceHandlers } from '../lib/context.js';
import { addresses } from './addresses.js';
import { encryptionByDefault } from './encryption-by-default.js';
import { imageCopies } from './image-copies.js';
import { imageCreation } from './image-creation.js';
import { images } from './images.js';
import { instanceAttributes } from './instance-attributes.js';
import { instances } from './instances.js';
import { keyPairs } from './key-pairs.js';
import { launchTemplates } from './launch-templates.js';
import { network } from './network.js';
import { routing } from './routing.js';
import { securityGroups } from './security-groups.js';
import { snapshots } from './snapshots.js';
import { tags } from './tags.js';
import { termination } from './termination.js';
import { volumeLifecycle } from './volume-lifecycle.js';
import { volumeModifications } from './volume-modifications.js';
import { volumes } from './volumes.js';
import { vpcDeletions } from './vpc-deletions.js';
import { vpcs } from './vpcs.js';

export const ec2: ServiceHandlers = {
  ...network,
  ...vpcs,
  ...vpcDeletions,
  ...routing,
  ...securityGroups,
  ...instances,
  ...instanceAttributes,
  ...termination,
  ...volumes,
  ...snapshots,
  ...encryptionByDefault,
  ...volumeLifecycle,
  ...volumeModifications,
  ...addresses,
  ...images,
  ...imageCreation,
  ...imageCopies,
  ...keyPairs,
  ...launchTemplates,
  ...tags,
};
