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
const SG_DELETE = 'ec2 › security groups as destroy deletes them: in use by an instance, by a rule, the default group, gone';
const EIP_DELETE = 'ec2 › an Elastic IP as destroy removes it: released while associated, disassociated, released, gone';
const VOLUME_DELETE = 'ec2 › a data volume as destroy removes it: delete refused while attached, detached, states on the way, deleted, gone';
const IAM_DELETE = 'iam › an SSM instance profile as destroy takes it apart: conflicts while in use, in IAM order, gone';
const SNAPSHOTS = 'ec2 › EBS snapshots as ec2.volumeSnapshot and ec2.snapshotCopy take them: tagged, found by volume and tags, states, copied under another region key';
const IMAGE_COPY = 'ec2 › an image copied to another region as ec2.imageCopy pulls it: sent there, a ClientToken, tags, pending to available, found by its tags';
const DB_SNAPSHOT = 'rds › a DB snapshot by its identifier, and its copy in another region: tags, a repeated copy, states';
const STACK = 'cloudformation › a stack as cloudformation.stack makes it and cloudformation.deleteStack removes it: token, capabilities, protection, events, gone';
const IMAGE = 'ec2 › an image as ec2.image makes it and destroy removes it: a unique name, tagged snapshots, pending to available, deregistered, snapshots deleted';
const TERMINATE = 'ec2 › TerminateInstances as ec2.terminateInstance and the instance undo send it: protection, shutting-down to terminated, what goes with it';
const VPC_DELETE = 'ec2 › a VPC as destroy takes it apart: what is in the way refused, the route table, the gateway, the subnet, the VPC, gone';
const EB = 'elasticbeanstalk › an application and an environment, as far as moto has them';
const LT = 'ec2 › a launch template as ec2.launchTemplate makes it: ClientToken, versions, the default, deletion';
const LTV = 'ec2 › a launch template version as ec2.launchTemplateVersion makes it: a copy of the source version with another image, a ClientToken, the default left alone';
const DB = 'rds › a database as rds.dbSubnetGroup and rds.dbInstance make it: the password managed by RDS, states on the way, tags, deletion';
const SECRET = "secretsmanager › the master password's secret as secretsmanager.managedSecret reads it: described, never its value";
const ELB = 'elasticloadbalancing › a load balancer as the elbv2 kinds make it: target group, ALB, listeners, health, tags, deletion';
const ASG = 'autoscaling › a group as autoscaling.group makes it: from a launch template, target groups, sizes, a target-tracking policy, deletion';

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
  [`${SG_DELETE} › a group an instance uses`]: { wrong: 'moto', aws: 'a group associated with an instance or network interface fails with DependencyViolation (API Reference DeleteSecurityGroup); moto deletes it' },
  [`${SG_DELETE} › a group another group names in a rule`]: { wrong: 'moto', aws: 'a group referenced by another security group in the same VPC fails with DependencyViolation (API Reference DeleteSecurityGroup); moto deletes it' },
  [`${SG_DELETE} › the default group of a VPC`]: { wrong: 'moto', aws: "a VPC's default security group cannot be deleted (CannotDelete, EC2 API error codes); moto deletes it" },
  [`${EIP_DELETE} › the address after DisassociateAddress`]: { wrong: 'moto', aws: 'Address.InstanceId is the instance the address is associated with, if any (Address data type); moto keeps the old instance after DisassociateAddress' },
  [`${VOLUME_DELETE} › DetachVolume by the volume alone`]: { wrong: 'moto', aws: 'DetachVolume needs only VolumeId; InstanceId and Device are optional (API Reference DetachVolume); moto fails without InstanceId (500 page)' },
  [`${IAM_DELETE} › removing the role again`]: { wrong: 'moto', aws: 'a role not in the profile answers NoSuchEntity, 404 (IAM API Reference RemoveRoleFromInstanceProfile, Errors); moto fails with a 500 page' },
  [`${SNAPSHOTS} › DescribeSnapshots`]: {
    wrong: 'moto',
    aws: "a snapshot of an encrypted volume carries KmsKeyId, the key of its parent volume (Snapshot data type; without a key given, the account's aws/ebs key); moto leaves it out",
  },
  [`${IMAGE_COPY} › the same ClientToken again`]: { wrong: 'moto', aws: 'a repeated ClientToken answers the copy already started (API Reference CopyImage, ClientToken; Ensuring idempotency); moto makes a second copy' },
  [`${IMAGE_COPY} › tagged as it is made`]: { wrong: 'moto', aws: 'CopyImage tags the new image and its snapshots with TagSpecifications (API Reference CopyImage); moto ignores them' },
  [`${DB_SNAPSHOT} › the copy names its source`]: { wrong: 'moto', aws: 'SourceDBSnapshotIdentifier is the ARN a cross-Region copy was made from (DBSnapshot data type); moto leaves it out' },
  [`${STACK} › ValidateTemplate`]: { wrong: 'moto', aws: 'ValidateTemplate answers the template parameters, and the capabilities it needs with CapabilitiesReason (API Reference ValidateTemplate); moto answers none' },
  [`${STACK} › the parameters it declares`]: { wrong: 'moto', aws: 'Parameters lists every TemplateParameter the template declares (API Reference ValidateTemplate); moto answers an empty list' },
  [`${STACK} › the capabilities it needs`]: { wrong: 'moto', aws: 'a template with an IAM resource needs CAPABILITY_IAM (ValidateTemplate Capabilities); moto answers an empty list' },
  [`${STACK} › without the capability`]: { wrong: 'moto', aws: 'CreateStack of a template with IAM resources without CAPABILITY_IAM fails with InsufficientCapabilities (API Reference CreateStack, Errors); moto creates the stack' },
  [`${STACK} › the same token again gives the same stack`]: {
    wrong: 'moto',
    aws: "a retried CreateStack with the same ClientRequestToken is the same request, so CloudFormation knows it is not a second stack of that name (API Reference CreateStack ClientRequestToken); moto refuses it as AlreadyExists",
  },
  [`${STACK} › a NoEcho parameter is masked`]: { wrong: 'moto', aws: 'DescribeStacks answers a NoEcho parameter as asterisks (Parameters, NoEcho); moto answers the value' },
  [`${STACK} › each resource complete`]: { wrong: 'moto', aws: "DescribeStackEvents lists every resource's events (StackEvent); moto lists the stack's own only" },
  [`${STACK} › deleting a protected stack`]: { wrong: 'moto', aws: 'DeleteStack of a stack with termination protection fails with ValidationError (Protect a stack from being deleted); moto deletes it' },
  [`${STACK} › the deletion event carries its token`]: { wrong: 'moto', aws: "each event carries the ClientRequestToken of the operation that made it (StackEvent ClientRequestToken); moto's carry none" },
  [`${STACK} › ListStacks`]: { wrong: 'moto', aws: 'a deleted stack\'s StackSummary has its DeletionTime (StackSummary); moto leaves it out' },
  [`${IMAGE} › CreateImage tagging the image and its snapshots`]: {
    wrong: 'moto',
    aws: 'CreateImage TagSpecifications tags the image, the snapshots, or both (API Reference CreateImage); moto fails on snapshot tags (NotImplementedError, a 500 page)',
  },
  [`${IMAGE} › the same name again`]: { wrong: 'moto', aws: 'an image name is unique in the region: InvalidAMIName.Duplicate (EC2 API error codes); moto makes a second image of that name' },
  [`${TERMINATE} › its Elastic IP: kept, disassociated`]: { wrong: 'moto', aws: 'a terminated instance\'s Elastic IP stays allocated and is disassociated (EC2 User Guide, Elastic IP addresses); moto keeps the association' },
  [`${VPC_DELETE} › the subnet while an instance is in it`]: { wrong: 'moto', aws: 'a subnet with network interfaces in it fails with DependencyViolation (API Reference DeleteSubnet: terminate the instances first); moto deletes it' },
  [`${VPC_DELETE} › detaching the gateway while an instance has a public address`]: {
    wrong: 'moto',
    aws: 'the VPC must have no public IPv4 addresses mapped (Elastic IPs, public addresses of instances) before the gateway is detached (API Reference DetachInternetGateway); moto detaches it',
  },
  [`${VPC_DELETE} › the main route table`]: { wrong: 'moto', aws: "a VPC's main route table cannot be deleted: it goes with the VPC (API Reference DeleteRouteTable); moto deletes it" },
  [`${VPC_DELETE} › the VPC while a group of its own is left`]: { wrong: 'moto', aws: 'every security group but the default, subnets, gateways and route tables but the main go before the VPC (API Reference DeleteVpc), else DependencyViolation; moto deletes it' },
  [`${EB} › the environment`]: { wrong: 'moto', aws: 'VersionLabel is set once a version is deployed (EnvironmentDescription); moto answers a hard-coded 1 for every environment' },
  [`${ACM} › a key that is not the certificate's`]: { wrong: 'moto', aws: 'ImportCertificate refuses a private key that does not match the certificate\'s public key (ValidationException), ACM User Guide "Prerequisites for importing certificates"; moto imports it' },
  [`${CLB} › the HTTPS listener sends plain HTTP to the instances`]: { wrong: 'moto', aws: 'a listener keeps the InstanceProtocol it is given (HTTPS 443 to HTTP 80 is the documented SSL offload), ELB API Reference Listener; moto answers the front protocol for InstanceProtocol' },
  [`${LT} › the same ClientToken again`]: { wrong: 'moto', aws: 'a repeated ClientToken answers the first template (CreateLaunchTemplate API Reference, Ensuring idempotency); moto refuses the name as taken' },
  [`${LTV} › the versions: the copy keeps the rest of the source`]: {
    wrong: 'moto',
    aws: 'the new version inherits the source version\'s parameters except those given in LaunchTemplateData (CreateLaunchTemplateVersion SourceVersion, API Reference); moto ignores SourceVersion and keeps only what was given',
  },
  [`${LT} › a deleted template`]: { wrong: 'moto', aws: 'DescribeLaunchTemplates by the id of a deleted template answers InvalidLaunchTemplateId.NotFound; moto answers an empty list' },
  [`${DB} › the same subnet group again`]: { wrong: 'moto', aws: 'CreateDBSubnetGroup of an existing name is DBSubnetGroupAlreadyExistsFault (API Reference); moto accepts it' },
  [`${DB} › the subnet group's tags`]: { wrong: 'moto', aws: 'Tags given to CreateDBSubnetGroup are the group\'s (ListTagsForResource); moto answers none' },
  [`${DB} › both a password and a managed one`]: { wrong: 'moto', aws: 'MasterUserPassword cannot be given with ManageMasterUserPassword (InvalidParameterCombination, CreateDBInstance API Reference); moto accepts both' },
  [`${DB} › a retention of 36 days`]: { wrong: 'moto', aws: 'BackupRetentionPeriod is 0 to 35 (InvalidParameterValue otherwise, CreateDBInstance API Reference); moto accepts 36' },
  [`${DB} › the subnet group while the database uses it`]: { wrong: 'moto', aws: 'a DB subnet group in use is InvalidDBSubnetGroupStateFault (DeleteDBSubnetGroup API Reference); moto deletes it' },
  [`${DB} › the subnet group once the database is gone`]: { wrong: 'moto', aws: 'it is deleted then; moto had deleted it while in use (the row above), so it is gone already' },
  [`${SECRET} › an unknown secret`]: { wrong: 'moto', aws: 'ResourceNotFoundException is HTTP 400, as every Secrets Manager client error (Common Errors); moto answers 404' },
  [`${ELB} › the same target group again`]: { wrong: 'moto', aws: 'CreateTargetGroup with the settings of an existing one succeeds and answers it (API Reference: "each call succeeds"); moto answers DuplicateTargetGroupName' },
  [`${ELB} › one subnet only`]: { wrong: 'moto', aws: 'an Application Load Balancer needs subnets in at least two Availability Zones (CreateLoadBalancer API Reference); moto makes it' },
  [`${ELB} › HTTPS without a certificate`]: { wrong: 'moto', aws: 'ValidationError "A certificate must be specified for HTTPS listeners" (seen from AWS, terraform-aws-nexus#42); moto makes the listener' },
  [`${ELB} › DescribeListeners`]: { wrong: 'moto', aws: 'one listener on 80: CreateListener with the settings of an existing one answers it (API Reference), and the HTTPS one is refused; moto makes a second listener on the port and the HTTPS one' },
  [`${ELB} › a deleted load balancer`]: { wrong: 'moto', aws: 'DescribeLoadBalancers by the name of a deleted one is LoadBalancerNotFound; moto answers' },
  [`${ASG} › the same name again`]: { wrong: 'moto', aws: 'CreateAutoScalingGroup of an existing name is AlreadyExists (API Reference); moto accepts it' },
  [`${ASG} › desired above max`]: { wrong: 'moto', aws: 'DesiredCapacity must lie between MinSize and MaxSize (ValidationError, API Reference); moto accepts 5 of at most 3' },
  [`${ASG} › PutScalingPolicy`]: { wrong: 'moto', aws: 'PutScalingPolicy answers the PolicyARN (API Reference); moto answers none' },
  [`${ASG} › deleting a group with instances without ForceDelete`]: { wrong: 'moto', aws: 'a group with instances is deleted only with ForceDelete (ResourceInUse, DeleteAutoScalingGroup API Reference); moto deletes it' },
  [`${ASG} › DeleteAutoScalingGroup with ForceDelete`]: { wrong: 'moto', aws: 'it deletes the group; moto had deleted it already (the row above)' },
};
