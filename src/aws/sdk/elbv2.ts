/** Elastic Load Balancing v2's commands and types, with its client registered for the session: import ELBv2 from here, not from the SDK package. */
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { registerClient } from '../client-registry.js';

registerClient('elbv2', ElasticLoadBalancingV2Client);

export * from '@aws-sdk/client-elastic-load-balancing-v2';
