/**
 * The one place that decides what is a read. The dry-run guard, the reports
 * and the benchmarks all ask here.
 */
const READ_PREFIXES = ['Describe', 'Get', 'List', 'Head', 'Lookup', 'Search'];

// TestDNSAnswer asks Route53's name servers what they answer for a record; it changes nothing.
// ValidateTemplate checks a template and answers its parameters; it creates nothing.
const READS_BY_NAME = new Set(['sts:GetCallerIdentity', 'iam:SimulatePrincipalPolicy', 'elasticbeanstalk:CheckDNSAvailability', 'route53:TestDNSAnswer', 'cloudformation:ValidateTemplate']);

export function isReadOperation(service: string, operation: string, input?: unknown): boolean {
  if (READS_BY_NAME.has(`${service}:${operation}`)) return true;
  if (READ_PREFIXES.some((p) => operation.startsWith(p))) return true;
  // An EC2 call sent with DryRun asks only "would this be allowed?".
  if (service === 'ec2' && typeof input === 'object' && input !== null && (input as { DryRun?: unknown }).DryRun === true) return true;
  return false;
}

/** `EC2Client` -> `ec2`, `ElasticBeanstalkClient` -> `elasticbeanstalk`: the IAM action prefixes. */
export function serviceOfClient(clientName: string): string {
  const known: Record<string, string> = {
    EC2Client: 'ec2',
    EFSClient: 'elasticfilesystem',
    SSMClient: 'ssm',
    IAMClient: 'iam',
    STSClient: 'sts',
    S3Client: 's3',
    ElasticBeanstalkClient: 'elasticbeanstalk',
    Route53Client: 'route53',
    CloudFormationClient: 'cloudformation',
    RDSClient: 'rds',
    KMSClient: 'kms',
    // Classic and v2 load balancers share the IAM prefix elasticloadbalancing and their operation names: the classic is `elb`.
    ElasticLoadBalancingClient: 'elb',
    ACMClient: 'acm',
    ElasticLoadBalancingV2Client: 'elasticloadbalancing',
    AutoScalingClient: 'autoscaling',
    SecretsManagerClient: 'secretsmanager',
  };
  return known[clientName] ?? clientName.replace(/Client$/, '').toLowerCase();
}

export function operationOfCommand(commandName: string): string {
  return commandName.replace(/Command$/, '');
}
