/** Every simulated operation, by service (the IAM action prefix) and operation name. */
import type { OperationHandler, ServiceHandlers } from './lib/context.js';
import { acm } from './acm/index.js';
import { cloudformation } from './cloudformation/index.js';
import { ec2 } from './ec2/index.js';
import { efs } from './efs/index.js';
import { efsDeletions } from './efs/deletions.js';
import { elb } from './elb/index.js';
import { autoscaling } from './autoscaling/index.js';
import { elbv2 } from './elbv2/index.js';
import { elasticbeanstalk } from './elasticbeanstalk/applications.js';
import { ebDeletions } from './elasticbeanstalk/deletions.js';
import { environments } from './elasticbeanstalk/environments.js';
import { platforms } from './elasticbeanstalk/platforms.js';
import { iam } from './iam/index.js';
import { iamDeletions } from './iam/deletions.js';
import { inlinePolicies } from './iam/inline-policies.js';
import { kms } from './kms/index.js';
import { rds } from './rds/index.js';
import { route53 } from './route53/index.js';
import { s3 } from './s3/index.js';
import { secretsmanager } from './secretsmanager/index.js';
import { ssm } from './ssm/index.js';
import { ssmCommands } from './ssm/commands.js';
import { parameters as ssmParameters } from './ssm/parameters.js';
import { ssmSessions } from './ssm/sessions.js';
import { sts } from './sts/index.js';

const SERVICES: Readonly<Record<string, ServiceHandlers>> = {
  acm,
  cloudformation,
  ec2,
  elasticbeanstalk: { ...elasticbeanstalk, ...environments, ...platforms, ...ebDeletions },
  elasticfilesystem: { ...efs, ...efsDeletions },
  // Classic load balancers; `elasticloadbalancing` would be both classic's and v2's IAM prefix.
  elb,
  autoscaling,
  elasticloadbalancing: elbv2,
  iam: { ...iam, ...iamDeletions, ...inlinePolicies },
  kms,
  rds,
  route53,
  s3,
  secretsmanager,
  ssm: { ...ssm, ...ssmCommands, ...ssmParameters, ...ssmSessions },
  sts,
};

export function operationHandler(service: string, operation: string): OperationHandler | undefined {
  const handlers = SERVICES[service];
  return handlers && Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
}

/** `service:Operation` for everything the sandbox answers (for docs and the dry-run report). */
export function simulatedOperations(): string[] {
  return Object.entries(SERVICES).flatMap(([service, handlers]) => Object.keys(handlers).map((op) => `${service}:${op}`)).sort();
}
