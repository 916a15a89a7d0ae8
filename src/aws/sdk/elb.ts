/** Classic Elastic Load Balancing's commands and types, with its client registered for the session: import them from here, not from the SDK package. */
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { registerClient } from '../client-registry.js';

registerClient('elb', ElasticLoadBalancingClient);

export * from '@aws-sdk/client-elastic-load-balancing';
