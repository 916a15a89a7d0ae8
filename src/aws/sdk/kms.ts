/** KMS's commands and types, with its client registered for the session: import KMS from here, not from the SDK package. */
import { KMSClient } from '@aws-sdk/client-kms';
import { registerClient } from '../client-registry.js';

registerClient('kms', KMSClient);

export * from '@aws-sdk/client-kms';
