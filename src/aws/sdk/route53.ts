/** Route53's commands and types, with its client registered for the session: import Route53 from here, not from the SDK package. */
import { Route53Client } from '@aws-sdk/client-route-53';
import { registerClient } from '../client-registry.js';

registerClient('route53', Route53Client);

export * from '@aws-sdk/client-route-53';
