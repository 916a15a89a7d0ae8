/** Secrets Manager's commands and types, with its client registered for the session: import Secrets Manager from here, not from the SDK package. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { registerClient } from '../client-registry.js';

registerClient('secretsmanager', SecretsManagerClient);

export * from '@aws-sdk/client-secrets-manager';
