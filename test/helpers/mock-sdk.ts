/**
 * One place creates every aws-sdk-client-mock; tests reset them in beforeEach.
 * Clients are mocked at the class level, so the session's clients are the mocked ones.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';

export const mocks = {
  ec2: mockClient(EC2Client),
  ssm: mockClient(SSMClient),
  iam: mockClient(IAMClient),
  sts: mockClient(STSClient),
  s3: mockClient(S3Client),
  eb: mockClient(ElasticBeanstalkClient),
  route53: mockClient(Route53Client),
  efs: mockClient(EFSClient),
};

export function resetMocks(): void {
  for (const m of Object.values(mocks)) m.reset();
}

/** An AWS-shaped error, as the SDK throws it. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status, requestId: 'test-request' } });
}
