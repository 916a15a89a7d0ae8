/** EC2, assembled from one module per resource family. */
import type { ServiceHandlers } from '../context.js';
import { addresses } from './ec2/addresses.js';
import { images } from './ec2/images.js';
import { instances } from './ec2/instances.js';
import { keyPairs } from './ec2/key-pairs.js';
import { network } from './ec2/network.js';
import { securityGroups } from './ec2/security-groups.js';
import { tags } from './ec2/tags.js';
import { volumes } from './ec2/volumes.js';

export const ec2: ServiceHandlers = { ...network, ...securityGroups, ...instances, ...volumes, ...addresses, ...images, ...keyPairs, ...tags };
