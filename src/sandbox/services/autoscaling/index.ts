/** Auto Scaling, assembled from one module per resource family. */
import type { ServiceHandlers } from '../lib/context.js';
import { autoScalingGroups } from './groups.js';
import { scalingPolicies } from './policies.js';

export const autoscaling: ServiceHandlers = {
  ...autoScalingGroups,
  ...scalingPolicies,
};
