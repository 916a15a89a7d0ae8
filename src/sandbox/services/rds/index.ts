/** RDS, assembled from one module per resource family. */
import type { ServiceHandlers } from '../lib/context.js';
import { dbInstances } from './instances.js';
import { snapshots } from './snapshots.js';
import { subnetGroups } from './subnet-groups.js';
import { rdsTags } from './tags.js';

export const rds: ServiceHandlers = {
  ...snapshots,
  ...subnetGroups,
  ...dbInstances,
  ...rdsTags,
};
