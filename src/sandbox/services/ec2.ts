/** EC2, assembled from one module per resource family. */
import type { ServiceHandlers } from '../context.js';
import { addresses } from './ec2/addresses.js';
import { encryptionByDefault } from './ec2/encryption-by-default.js';
import { images } from './ec2/images.js';
import { instanceAttributes } from './ec2/instance-attributes.js';
import { instances } from './ec2/instances.js';
import { keyPairs } from './ec2/key-pairs.js';
import { network } from './ec2/network.js';
import { routing } from './ec2/routing.js';
import { securityGroups } from './ec2/security-groups.js';
import { tags } from './ec2/tags.js';
import { volumeLifecycle } from './ec2/volume-lifecycle.js';
import { volumeModifications } from './ec2/volume-modifications.js';
import { volumes } from './ec2/volumes.js';
import { vpcs } from './ec2/vpcs.js';

export const ec2: ServiceHandlers = {
  ...network,
  ...vpcs,
  ...routing,
  ...securityGroups,
  ...instances,
  ...instanceAttributes,
  ...volumes,
  ...encryptionByDefault,
  ...volumeLifecycle,
  ...volumeModifications,
  ...addresses,
  ...images,
  ...keyPairs,
  ...tags,
};
