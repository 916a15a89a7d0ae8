/** Elastic Load Balancing v2 (Application Load Balancers), assembled from one module per resource family. */
import type { ServiceHandlers } from '../lib/context.js';
import { listeners } from './listeners.js';
import { loadBalancers } from './load-balancers.js';
import { targetGroups } from './target-groups.js';
import { targets } from './targets.js';

export const elbv2: ServiceHandlers = {
  ...loadBalancers,
  ...targetGroups,
  ...listeners,
  ...targets,
};
