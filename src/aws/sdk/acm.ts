/** ACM's commands and types, with its client registered for the session: import ACM from here, not from the SDK package. */
import { ACMClient } from '@aws-sdk/client-acm';
import { registerClient } from '../client-registry.js';

registerClient('acm', ACMClient);

export * from '@aws-sdk/client-acm';
