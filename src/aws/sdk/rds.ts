/** RDS's commands and types, with its client registered for the session: import RDS from here, not from the SDK package. */
import { RDSClient } from '@aws-sdk/client-rds';
import { registerClient } from '../client-registry.js';

registerClient('rds', RDSClient);

export * from '@aws-sdk/client-rds';
