/** Auto Scaling's commands and types, with its client registered for the session: import Auto Scaling from here, not from the SDK package. */
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { registerClient } from '../client-registry.js';

registerClient('autoscaling', AutoScalingClient);

export * from '@aws-sdk/client-auto-scaling';
