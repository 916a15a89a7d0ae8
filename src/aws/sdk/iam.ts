/** IAM's commands and types, with its client registered for the session: import IAM from here, not from the SDK package. */
import { IAMClient } from '@aws-sdk/client-iam';
import { registerClient } from '../client-registry.js';

registerClient('iam', IAMClient);

export * from '@aws-sdk/client-iam';
