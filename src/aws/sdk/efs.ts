/** EFS's commands and types, with its client registered for the session: import EFS from here, not from the SDK package. */
import { EFSClient } from '@aws-sdk/client-efs';
import { registerClient } from '../client-registry.js';

registerClient('efs', EFSClient);

export * from '@aws-sdk/client-efs';
