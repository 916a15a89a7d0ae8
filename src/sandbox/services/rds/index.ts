/** RDS, assembled from one module per resource family. */
import type { ServiceHandlers } from '../lib/context.js';
import { snapshots } from './snapshots.js';

export const rds: ServiceHandlers = {
  ...snapshots,
};
