/** EC2's commands and types, with its client registered for the session: import EC2 from here, not from the SDK package. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { registerClient } from '../client-registry.js';

registerClient('ec2', EC2Client);

export * from '@aws-sdk/client-ec2';
