/** CloudFormation's commands and types, with its client registered for the session: import CloudFormation from here, not from the SDK package. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { registerClient } from '../client-registry.js';

registerClient('cloudformation', CloudFormationClient);

export * from '@aws-sdk/client-cloudformation';
