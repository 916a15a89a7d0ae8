/**
 * One place creates every aws-sdk-client-mock; tests reset them in beforeEach.
 * Clients are mocked at the class level, so the session's clients are the mocked ones.
 */
import { ACMClient } from '../../src/aws/sdk/acm.js';
import { AutoScalingClient } from '../../src/aws/sdk/autoscaling.js';
import { CloudFormationClient } from '../../src/aws/sdk/cloudformation.js';
import { EC2Client } from '../../src/aws/sdk/ec2.js';
import { EFSClient } from '../../src/aws/sdk/efs.js';
import { ElasticBeanstalkClient } from '../../src/aws/sdk/elasticbeanstalk.js';
import { ElasticLoadBalancingClient } from '../../src/aws/sdk/elb.js';
import { ElasticLoadBalancingV2Client } from '../../src/aws/sdk/elbv2.js';
import { IAMClient } from '../../src/aws/sdk/iam.js';
import { KMSClient } from '../../src/aws/sdk/kms.js';
import { RDSClient } from '../../src/aws/sdk/rds.js';
import { Route53Client } from '../../src/aws/sdk/route53.js';
import { S3Client } from '../../src/aws/sdk/s3.js';
import { SecretsManagerClient } from '../../src/aws/sdk/secretsmanager.js';
import { SSMClient } from '../../src/aws/sdk/ssm.js';
import { STSClient } from '../../src/aws/sdk/sts.js';
import { mockClient } from 'aws-sdk-client-mock';
// expect(mock).toHaveReceivedCommandWith(Command, input) and the other matchers, in every kind test.
import 'aws-sdk-client-mock-vitest/extend';

export const mocks = {
  ec2: mockClient(EC2Client),
  ssm: mockClient(SSMClient),
  iam: mockClient(IAMClient),
  sts: mockClient(STSClient),
  s3: mockClient(S3Client),
  eb: mockClient(ElasticBeanstalkClient),
  route53: mockClient(Route53Client),
  efs: mockClient(EFSClient),
  cloudformation: mockClient(CloudFormationClient),
  rds: mockClient(RDSClient),
  kms: mockClient(KMSClient),
  elb: mockClient(ElasticLoadBalancingClient),
  acm: mockClient(ACMClient),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  autoscaling: mockClient(AutoScalingClient),
  secretsmanager: mockClient(SecretsManagerClient),
};

export function resetMocks(): void {
  for (const m of Object.values(mocks)) m.reset();
}

/** An AWS-shaped error, as the SDK throws it. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status, requestId: 'test-request' } });
}
