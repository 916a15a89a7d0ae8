/** S3's commands and types, with its client registered for the session: import S3 from here, not from the SDK package. */
import { S3Client } from '@aws-sdk/client-s3';
import { registerClient } from '../client-registry.js';

registerClient('s3', S3Client);

export * from '@aws-sdk/client-s3';
