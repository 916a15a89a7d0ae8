/** SSM's commands and types, with its client registered for the session: import SSM from here, not from the SDK package. */
import { SSMClient } from '@aws-sdk/client-ssm';
import { registerClient } from '../client-registry.js';

registerClient('ssm', SSMClient);

export * from '@aws-sdk/client-ssm';
