/** STS's commands and types, with its client registered for the session: import STS from here, not from the SDK package. */
import { STSClient } from '@aws-sdk/client-sts';
import { registerClient } from '../client-registry.js';

registerClient('sts', STSClient);

export * from '@aws-sdk/client-sts';
