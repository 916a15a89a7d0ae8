/**
 * Every difference the contract suite found between the sandbox and moto
 * that stays: keyed `<service> › <scenario> › <observation>`. `aws` is what
 * AWS documents (or is seen to do), `wrong` says which side departs from it.
 * A listed difference that no longer differs fails the suite, so the list
 * stays true. README.md in this folder has the same list as a table, with
 * what the runbooks do about each.
 */
export interface Difference {
  /** Which side departs from AWS. */
  wrong: 'moto' | 'sandbox' | 'neither';
  /** What AWS does, and where it says so. */
  aws: string;
}

const CLB = 'elb › a classic load balancer as elb.classicLoadBalancer makes it: HTTPS with an ACM certificate, health check, listeners, subnets, groups, tags';
const ACM = 'acm › a self-signed certificate as acm.certificate imports it: found by its tags, described, deleted';
const SG = 'ec2 › a security group: duplicates, rules from a CIDR and from a group, revocation, not found';
const VPC_PAGES = 'ec2 › pages of VPCs: MaxResults, NextToken, the paginator';
const LAUNCH = 'ec2 › RunInstances as ec2.instance sends it: the launch, a repeated ClientToken, states, attributes, tags';
const VOLUME = 'ec2 › a data volume as ec2.volume makes it: ClientToken, states, attachment, growth';
const FS = 'elasticfilesystem › a file system by creation token: a repeated token, the lifecycle, tags, not found, pages';
const ZONE = 'route53 › a record as route53.record writes it: the zone by name, UPSERT, the change INSYNC, the record read back';
const RUN_COMMAND = 'ssm › Run Command as runScript sends it: the wrapped script, the invocation, its output, not found';
const EB = 'elasticbeanstalk › an application and an environment, as far as moto has them';

export const DIFFERENCES: Readonly<Record<string, Difference>> = {
  [`${SG} › CreateSecurityGroup`]: { wrong: 'moto', aws: 'CreateSecurityGroup answers with the tags it applied (tagSet), API Reference CreateSecurityGroup; moto answers GroupId only' },
  [`${VPC_PAGES} › first page of 5 by MaxResults`]: { wrong: 'moto', aws: 'DescribeVpcs pages by MaxResults (5-1000) with NextToken, API Reference DescribeVpcs; moto ignores MaxResults and returns all' },
  [`${VPC_PAGES} › MaxResults below 5`]: { wrong: 'moto', aws: 'MaxResults must be 5 to 1000 (InvalidParameterValue otherwise), API Reference DescribeVpcs; moto accepts any' },
  [`${LAUNCH} › the same ClientToken again gives the same instance`]: {
    wrong: 'moto',
    aws: 'a repeated RunInstances ClientToken returns the same response, valid at least 24 hours after termination (EC2 API Reference, Ensuring idempotency); moto launches again',
  },
  [`${LAUNCH} › the groups of an instance launched without any`]: { wrong: 'moto', aws: "an instance launched without groups gets the VPC's default group (RunInstances SecurityGroupIds); moto lists none" },
  [`${LAUNCH} › termination protection asked at launch`]: { wrong: 'moto', aws: 'RunInstances DisableApiTermination=true turns termination protection on; moto ignores it at launch (ModifyInstanceAttribute works)' },
  [`${VOLUME} › the same ClientToken again gives the same volume`]: { wrong: 'moto', aws: 'CreateVolume ClientToken makes the request idempotent (API Reference CreateVolume); moto creates a second volume' },
  [`${VOLUME} › the data volume by its tags`]: { wrong: 'moto', aws: 'consequence of the ClientToken difference: moto holds the twin the repeated CreateVolume made' },
  [`${VOLUME} › a volume never modified`]: {
    wrong: 'moto',
    aws: "DescribeVolumesModifications of a volume never modified fails with InvalidVolumeModification.NotFound (seen from AWS, awslabs/aws-sdk-rust#1346); moto answers an empty list",
  },
  [`${FS} › FileSystemAlreadyExists names the file system`]: { wrong: 'moto', aws: 'FileSystemAlreadyExists carries FileSystemId (EFS API Reference, Errors); moto leaves it out' },
  [`${ZONE} › ListHostedZonesByName`]: { wrong: 'moto', aws: 'IsTruncated (and MaxItems) are required in every ListHostedZonesByName answer (Route 53 API Reference); moto leaves them out' },
  [`${ZONE} › CREATE of a record that exists`]: { wrong: 'moto', aws: 'CREATE of an existing record set fails with InvalidChangeBatch (ChangeResourceRecordSets); moto accepts it' },
  [`${RUN_COMMAND} › the script ran: its start line leads the output`]: { wrong: 'moto', aws: 'the agent runs the commands and reports their output; moto runs nothing and answers Success with no output' },
  [`${RUN_COMMAND} › an unknown invocation`]: {
    wrong: 'moto',
    aws: 'an invocation not (yet) known answers InvocationDoesNotExist (seen from AWS, aws/aws-sdk#86, guardian/ssm-scala#34); moto answers InvalidCommandId',
  },
  [`${EB} › the environment`]: { wrong: 'moto', aws: 'VersionLabel is set once a version is deployed (EnvironmentDescription); moto answers a hard-coded 1 for every environment' },
  [`${ACM} › a key that is not the certificate's`]: { wrong: 'moto', aws: 'ImportCertificate refuses a private key that does not match the certificate\'s public key (ValidationException), ACM User Guide "Prerequisites for importing certificates"; moto imports it' },
  [`${CLB} › the HTTPS listener sends plain HTTP to the instances`]: { wrong: 'moto', aws: 'a listener keeps the InstanceProtocol it is given (HTTPS 443 to HTTP 80 is the documented SSL offload), ELB API Reference Listener; moto answers the front protocol for InstanceProtocol' },
};
