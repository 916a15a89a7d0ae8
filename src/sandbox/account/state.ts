/**
 * The simulated account as it is persisted in `<stateDir>/sandbox/account.json`.
 * Instants are epoch milliseconds; anything that changes over time (instance
 * state, SSM status, command results, environment updates) is derived from
 * them when read, so it progresses across processes without a writer.
 */
import type { HostState } from '../host/model.js';

export const ACCOUNT_FORMAT = 1;

export type Tags = Record<string, string>;

export interface Vpc {
  VpcId: string;
  CidrBlock: string;
  IsDefault: boolean;
  /** enableDnsHostnames; absent: as AWS makes it (on in a default VPC, off in others). */
  dnsHostnames?: boolean;
  Tags: Tags;
  createdAt: number;
}

export interface Subnet {
  SubnetId: string;
  VpcId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
  DefaultForAz: boolean;
  MapPublicIpOnLaunch: boolean;
  /** Next free host index (see net.subnetHost). */
  nextHost: number;
  Tags: Tags;
  createdAt: number;
}

/** One atomic rule: one protocol/port range and one peer, like a SecurityGroupRule. */
export interface SecurityGroupRule {
  SecurityGroupRuleId: string;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  ReferencedGroupId?: string;
  PrefixListId?: string;
  Description?: string;
}

export interface SecurityGroup {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
  Tags: Tags;
  createdAt: number;
}

export interface BlockDevice {
  DeviceName: string;
  VolumeId: string;
  DeleteOnTermination: boolean;
}

export interface Instance {
  InstanceId: string;
  ReservationId: string;
  ImageId: string;
  InstanceType: string;
  SubnetId: string;
  VpcId: string;
  PrivateIpAddress: string;
  /** Auto-assigned at launch in a subnet that maps public addresses; an Elastic IP replaces it. */
  autoPublicIp?: string;
  SecurityGroupIds: string[];
  KeyName?: string;
  ClientToken?: string;
  /** Fingerprint of the launch request, to detect an idempotency token reused with other parameters. */
  requestHash?: string;
  IamInstanceProfileArn?: string;
  MetadataOptions: { HttpTokens: string; HttpPutResponseHopLimit: number; HttpEndpoint: string; InstanceMetadataTags: string };
  BlockDeviceMappings: BlockDevice[];
  launchedAt: number;
  AmiLaunchIndex: number;
  DisableApiTermination: boolean;
  /** TerminateInstances was accepted: shutting-down, then terminated (services/ec2/lifecycle.ts). */
  terminatedAt?: number;
  Tags: Tags;
  createdAt: number;
  host: HostState;
}

export interface Volume {
  VolumeId: string;
  Size: number;
  VolumeType: string;
  Iops?: number;
  Throughput?: number;
  Encrypted: boolean;
  KmsKeyId?: string;
  SnapshotId?: string;
  AvailabilityZone: string;
  /** `detachingAt`: DetachVolume was sent; the attachment is gone a few simulated seconds later (services/ec2/volume-states.ts). */
  attachment?: { InstanceId: string; Device: string; DeleteOnTermination: boolean; attachedAt: number; detachingAt?: number };
  /** CreateVolume's idempotency token and request fingerprint. */
  ClientToken?: string;
  requestHash?: string;
  /** ModifyVolume requests, oldest first (see services/ec2/volume-modifications.ts). */
  modifications?: VolumeModification[];
  Tags: Tags;
  createdAt: number;
}

export interface VolumeModification {
  OriginalSize: number;
  TargetSize: number;
  startedAt: number;
}

export interface Address {
  AllocationId: string;
  PublicIp: string;
  AssociationId?: string;
  InstanceId?: string;
  PrivateIpAddress?: string;
  Tags: Tags;
  createdAt: number;
}

export interface KeyPair {
  KeyPairId: string;
  KeyName: string;
  KeyFingerprint: string;
  KeyType: string;
  Tags: Tags;
  createdAt: number;
}

export interface Image {
  ImageId: string;
  Name: string;
  Description: string;
  Architecture: 'x86_64' | 'arm64';
  RootDeviceName: string;
  RootVolumeSize: number;
  RootVolumeType: string;
  OwnerId: string;
  /** `v2.0` makes instances require IMDSv2 by default (AL2023 does, Ubuntu does not). */
  ImdsSupport?: string;
  os: 'ubuntu' | 'al2023' | 'fedora';
  defaultUser: string;
  createdAt: number;
  Tags: Tags;
  /** Images this account made (CreateImage): pending until then, private, with their snapshots and the host they captured. */
  availableAt?: number;
  sourceInstanceId?: string;
  /** A copy (CopyImage): `<region>/<image id>` of its source, and the ClientToken it was asked with. */
  copiedFrom?: string;
  clientToken?: string;
  blockDevices?: { DeviceName: string; SnapshotId: string; VolumeSize: number; VolumeType: string; Encrypted: boolean; DeleteOnTermination: boolean }[];
  host?: HostState;
}

export interface Parameter {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  DataType: string;
  Version: number;
  lastModified: number;
}

/** One SendCommand: its effect on each host was applied when it arrived; results show as time passes. */
export interface CommandRecord {
  CommandId: string;
  DocumentName: string;
  Comment?: string;
  text: string;
  probe: boolean;
  sentAt: number;
  TimeoutSeconds?: number;
  /** SSM's rate controls as sent (absent: 50 at once, stop after the first error). */
  MaxConcurrency?: string;
  MaxErrors?: string;
  /** Sent by tag rather than by instance ids. */
  Targets?: { Key: string; Values: string[] }[];
  /** By instance id. `startSeconds`: when its turn came under MaxConcurrency (absent: at once); `cancelled`: SSM had reached MaxErrors by then. */
  invocations: Record<string, { exitCode: number; stdout: string; stderr: string; durationSeconds: number; startSeconds?: number; cancelled?: boolean }>;
}

export interface ApplicationVersion {
  VersionLabel: string;
  Description?: string;
  SourceBundle?: { S3Bucket: string; S3Key: string };
  Status: string;
  createdAt: number;
}

export interface Application {
  ApplicationName: string;
  Description?: string;
  Tags?: Tags;
  versions: Record<string, ApplicationVersion>;
  createdAt: number;
  updatedAt: number;
}

export interface Environment {
  EnvironmentId: string;
  EnvironmentName: string;
  ApplicationName: string;
  VersionLabel?: string;
  SolutionStackName: string;
  CNAME: string;
  EndpointURL: string;
  /** Two private addresses behind the load balancer, for the simulated session page. */
  serverIps: [string, string];
  /** An operation in progress: Status is `status` until `until`, then Ready with `versionLabel`. */
  busy?: { status: 'Launching' | 'Updating'; until: number; versionLabel?: string };
  /** Red once an operation failed (shown when it ends); absent means Green. */
  health?: 'Green' | 'Red';
  /** Environments made with CreateEnvironment (seeded ones have none of these): */
  PlatformArn?: string;
  optionSettings?: EnvironmentOptionSetting[];
  /** The instances of its Auto Scaling group. */
  instanceIds?: string[];
  /** The group Elastic Beanstalk makes for the instances (HTTP from the load balancer). */
  securityGroupId?: string;
  Tags?: Tags;
  /** When TerminateEnvironment was accepted: Terminating for a while, then Terminated. */
  terminatedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface EnvironmentOptionSetting {
  Namespace: string;
  OptionName: string;
  Value: string;
}

export interface EnvironmentEvent {
  at: number;
  Message: string;
  Severity: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
  ApplicationName: string;
  EnvironmentName?: string;
  VersionLabel?: string;
}

export interface RegionState {
  vpcs: Record<string, Vpc>;
  subnets: Record<string, Subnet>;
  securityGroups: Record<string, SecurityGroup>;
  instances: Record<string, Instance>;
  volumes: Record<string, Volume>;
  addresses: Record<string, Address>;
  keyPairs: Record<string, KeyPair>;
  images: Record<string, Image>;
  parameters: Record<string, Parameter>;
  /** In the order they were sent. */
  commands: CommandRecord[];
  applications: Record<string, Application>;
  environments: Record<string, Environment>;
  events: EnvironmentEvent[];
  /** Counters that make simulated public addresses unique. */
  counters: { elasticIps: number; autoIps: number };
  /** Absent from accounts saved before they were simulated (see services/ec2/routing.ts, services/efs.ts). */
  internetGateways?: Record<string, InternetGateway>;
  routeTables?: Record<string, RouteTable>;
  fileSystems?: Record<string, FileSystem>;
  mountTargets?: Record<string, MountTarget>;
  /** EBS encryption by default (see services/ec2/encryption-by-default.ts). */
  ebsEncryptionByDefault?: boolean;
  /** EBS snapshots (services/ec2/snapshots.ts). */
  snapshots?: Record<string, Snapshot>;
  /** RDS DB snapshots by identifier (services/rds/snapshots.ts). */
  dbSnapshots?: Record<string, DbSnapshot>;
  /** KMS keys by key id (services/kms). */
  kmsKeys?: Record<string, KmsKey>;
  /** CloudFormation stacks by stack id; deleted ones stay, as ListStacks shows them (services/cloudformation). */
  stacks?: Record<string, Stack>;
  /** Classic load balancers by name (services/elb). */
  classicLoadBalancers?: Record<string, ClassicLoadBalancer>;
  /** ACM certificates by ARN (services/acm). */
  certificates?: Record<string, Certificate>;
  /** RDS DB instances and DB subnet groups by identifier, lower case (services/rds/instances.ts). */
  dbInstances?: Record<string, DbInstance>;
  dbSubnetGroups?: Record<string, DbSubnetGroup>;
  /** Secrets Manager secrets by ARN; their values are never kept (services/secretsmanager). */
  secrets?: Record<string, Secret>;
  /** Elastic Load Balancing v2 by ARN (services/elbv2). */
  loadBalancers?: Record<string, LoadBalancer>;
  targetGroups?: Record<string, TargetGroup>;
  listeners?: Record<string, Listener>;
  /** EC2 launch templates by id (services/ec2/launch-templates.ts). */
  launchTemplates?: Record<string, LaunchTemplate>;
  /** Auto Scaling groups and their scaling policies by name (services/autoscaling). */
  autoScalingGroups?: Record<string, AutoScalingGroup>;
  scalingPolicies?: Record<string, ScalingPolicy>;
}

/** A classic load balancer: its listeners, health check, subnets and groups (services/elb). */
export interface ClassicLoadBalancer {
  LoadBalancerName: string;
  DNSName: string;
  Scheme: 'internet-facing' | 'internal';
  VpcId: string;
  Subnets: string[];
  SecurityGroups: string[];
  Listeners: { Protocol: string; LoadBalancerPort: number; InstanceProtocol: string; InstancePort: number; SSLCertificateId?: string }[];
  HealthCheck: { Target: string; Interval: number; Timeout: number; UnhealthyThreshold: number; HealthyThreshold: number };
  Instances: string[];
  /** Epoch ms each instance was registered: the health checks count from then. */
  registeredAt?: Record<string, number>;
  Tags: Tags;
  createdAt: number;
}

export interface DbSubnetGroup {
  DBSubnetGroupName: string;
  DBSubnetGroupDescription: string;
  VpcId: string;
  subnetIds: string[];
  Tags: Tags;
  createdAt: number;
}

/** An RDS DB instance: creating until `availableAt`, then available; deleting from `deletingAt` until `deletedAt`. */
export interface DbInstance {
  DBInstanceIdentifier: string;
  DbiResourceId: string;
  DBInstanceClass: string;
  Engine: string;
  EngineVersion: string;
  AllocatedStorage: number;
  StorageType: string;
  MasterUsername: string;
  DBName?: string;
  DBSubnetGroupName: string;
  VpcSecurityGroupIds: string[];
  StorageEncrypted: boolean;
  KmsKeyId?: string;
  BackupRetentionPeriod: number;
  PubliclyAccessible: boolean;
  MultiAZ: boolean;
  Port: number;
  AvailabilityZone: string;
  /** Whether snapshots taken without tags of their own get the instance's tags. */
  CopyTagsToSnapshot?: boolean;
  /** The secret RDS keeps the master password in (ManageMasterUserPassword). */
  masterSecretArn?: string;
  availableAt: number;
  deletingAt?: number;
  deletedAt?: number;
  Tags: Tags;
  createdAt: number;
}

/** A secret's description only: the sandbox never holds a secret value. */
export interface Secret {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  /** `rds` for a master password RDS manages. */
  OwningService?: string;
  deletedAt?: number;
  Tags: Tags;
  createdAt: number;
}

export interface LoadBalancer {
  LoadBalancerArn: string;
  LoadBalancerName: string;
  DNSName: string;
  CanonicalHostedZoneId: string;
  Scheme: 'internet-facing' | 'internal';
  VpcId: string;
  subnetIds: string[];
  SecurityGroups: string[];
  /** provisioning until then, then active. */
  activeAt: number;
  Tags: Tags;
  createdAt: number;
}

/** An imported ACM certificate: what ACM reads from it, never its private key (services/acm). */
export interface Certificate {
  CertificateArn: string;
  DomainName: string;
  Subject: string;
  Issuer: string;
  Serial: string;
  NotBefore: number;
  NotAfter: number;
  KeyAlgorithm: string;
  Tags: Tags;
  createdAt: number;
}

export interface TargetGroup {
  TargetGroupArn: string;
  TargetGroupName: string;
  Protocol: string;
  Port: number;
  VpcId: string;
  HealthCheckProtocol: string;
  HealthCheckPort: string;
  HealthCheckPath: string;
  HealthCheckIntervalSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  Matcher: string;
  /** By instance id: when it was registered (health is derived from it and the host). */
  targets: Record<string, { Port: number; registeredAt: number; drainingAt?: number }>;
  /** deregistration_delay.timeout_seconds: how long a deregistered target drains (AWS's default 300). */
  deregistrationDelaySeconds?: number;
  Tags: Tags;
  createdAt: number;
}

export interface Listener {
  ListenerArn: string;
  LoadBalancerArn: string;
  Port: number;
  Protocol: string;
  SslPolicy?: string;
  CertificateArn?: string;
  TargetGroupArn: string;
  Tags: Tags;
  createdAt: number;
}

export interface LaunchTemplateVersion {
  VersionNumber: number;
  VersionDescription?: string;
  /** As given (RequestLaunchTemplateData), answered as ResponseLaunchTemplateData. */
  data: Record<string, unknown>;
  /** CreateLaunchTemplateVersion's idempotency token. */
  ClientToken?: string;
  createdAt: number;
}

export interface LaunchTemplate {
  LaunchTemplateId: string;
  LaunchTemplateName: string;
  ClientToken?: string;
  DefaultVersionNumber: number;
  versions: LaunchTemplateVersion[];
  /** The highest version number ever made: a deleted version's number is never given again. */
  highestVersionNumber?: number;
  Tags: Tags;
  createdAt: number;
}

export interface AutoScalingGroup {
  AutoScalingGroupName: string;
  AutoScalingGroupARN: string;
  LaunchTemplate: { LaunchTemplateId: string; LaunchTemplateName: string; Version: string };
  MinSize: number;
  MaxSize: number;
  DesiredCapacity: number;
  subnetIds: string[];
  TargetGroupARNs: string[];
  /** Classic load balancers its instances are registered with. */
  LoadBalancerNames?: string[];
  HealthCheckType: string;
  HealthCheckGracePeriod: number;
  /** The instances it launched and still holds, in order. */
  instanceIds: string[];
  Tags: { Key: string; Value: string; PropagateAtLaunch: boolean }[];
  deletingAt?: number;
  /** When the deletion is over and the group gone. */
  deletedAt?: number;
  createdAt: number;
}

export interface ScalingPolicy {
  PolicyName: string;
  PolicyARN: string;
  AutoScalingGroupName: string;
  PolicyType: string;
  TargetTrackingConfiguration?: Record<string, unknown>;
  createdAt: number;
}

/** An EBS snapshot: pending until `completesAt`, then completed (or error, when `failure` says why). */
export interface Snapshot {
  SnapshotId: string;
  VolumeId: string;
  VolumeSize: number;
  Description: string;
  Encrypted: boolean;
  KmsKeyId?: string;
  OwnerId: string;
  startedAt: number;
  completesAt: number;
  /** Why the snapshot ends in the error state (a copy whose KMS key cannot be used). */
  failure?: string;
  Tags: Tags;
  createdAt: number;
}

/** An RDS DB snapshot: `creating` until `availableAt`, then available. */
export interface DbSnapshot {
  DBSnapshotIdentifier: string;
  DBInstanceIdentifier: string;
  Engine: string;
  EngineVersion: string;
  AllocatedStorage: number;
  Port: number;
  MasterUsername: string;
  SnapshotType: 'manual' | 'automated';
  Encrypted: boolean;
  KmsKeyId?: string;
  AvailabilityZone: string;
  /** When the snapshot was taken (a copy's is the copy's own time). */
  snapshotCreatedAt: number;
  /** When the source was first snapshotted: it does not change when the snapshot is copied. */
  originalCreatedAt: number;
  availableAt: number;
  SourceRegion?: string;
  SourceDBSnapshotIdentifier?: string;
  Tags: Tags;
  createdAt: number;
}

export interface KmsKey {
  KeyId: string;
  Description: string;
  KeyState: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Unavailable';
  KeyManager: 'CUSTOMER' | 'AWS';
  createdAt: number;
}

/** One CloudFormation stack event; its time decides when it shows (events are written ahead, as the simulated time comes). */
export interface StackEventRecord {
  EventId: string;
  at: number;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ClientRequestToken?: string;
}

export interface StackResourceRecord {
  LogicalResourceId: string;
  ResourceType: string;
  PhysicalResourceId: string;
  DeletionPolicy?: string;
  /** What `Fn::GetAtt` answers for it. */
  attributes: Record<string, string>;
  /** When it is created (or fails to be); undefined when it is never started. */
  completesAt?: number;
  failure?: string;
}

export interface Stack {
  StackId: string;
  StackName: string;
  Description?: string;
  /** As given (NoEcho ones are shown masked). */
  Parameters: { ParameterKey: string; ParameterValue: string; NoEcho: boolean }[];
  Tags: Tags;
  Capabilities: string[];
  EnableTerminationProtection: boolean;
  OnFailure: 'ROLLBACK' | 'DO_NOTHING' | 'DELETE';
  ClientRequestToken?: string;
  TemplateBody: string;
  resources: StackResourceRecord[];
  Outputs: { OutputKey: string; OutputValue: string; Description?: string }[];
  /** Every event, in time order; a reader sees those whose time has come. */
  events: StackEventRecord[];
  DeleteToken?: string;
  createdAt: number;
}

export interface InternetGateway {
  InternetGatewayId: string;
  attachedVpcId?: string;
  Tags: Tags;
  createdAt: number;
}

export interface RouteTable {
  RouteTableId: string;
  VpcId: string;
  /** The VPC's main table: subnets without an association of their own use it. */
  main: boolean;
  routes: { DestinationCidrBlock: string; GatewayId: string }[];
  associations: { RouteTableAssociationId: string; SubnetId: string }[];
  Tags: Tags;
  createdAt: number;
}

/** An EFS file system, and the files its clients wrote (path relative to its root -> content). */
export interface FileSystem {
  FileSystemId: string;
  CreationToken: string;
  PerformanceMode: string;
  ThroughputMode: string;
  Encrypted: boolean;
  KmsKeyId?: string;
  Tags: Tags;
  createdAt: number;
  /** When DeleteFileSystem was accepted: `deleting` for a while, then gone. */
  deletingAt?: number;
  files: Record<string, { content: string; mtime: number }>;
}

export interface MountTarget {
  MountTargetId: string;
  FileSystemId: string;
  SubnetId: string;
  VpcId: string;
  AvailabilityZoneName: string;
  IpAddress: string;
  NetworkInterfaceId: string;
  securityGroupIds: string[];
  createdAt: number;
  /** When DeleteMountTarget was accepted: `deleting` for a while, then gone. */
  deletingAt?: number;
}

export interface Role {
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  attachedPolicyArns: string[];
  /** Inline policies by name: their documents as sent (services/iam/inline-policies.ts). */
  inlinePolicies?: Record<string, string>;
  Tags: Tags;
  createdAt: number;
}

export interface InstanceProfile {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Arn: string;
  Path: string;
  roleNames: string[];
  Tags: Tags;
  createdAt: number;
}

export interface ManagedPolicy {
  PolicyName: string;
  Arn: string;
}

export interface S3Object {
  Size: number;
  ETag: string;
  ContentType?: string;
  /** The bytes, base64, when smaller than 16 MiB. */
  bodyBase64?: string;
  lastModified: number;
  encryption?: { ServerSideEncryption: string; SSEKMSKeyId?: string };
}

export interface Bucket {
  Name: string;
  region: string;
  objects: Record<string, S3Object>;
  createdAt: number;
  /** Absent: never versioned. */
  versioning?: 'Enabled' | 'Suspended';
}

export interface SandboxAccountState {
  format: typeof ACCOUNT_FORMAT;
  accountId: string;
  callerArn: string;
  createdAt: number;
  regions: Record<string, RegionState>;
  iam: { roles: Record<string, Role>; instanceProfiles: Record<string, InstanceProfile>; policies: Record<string, ManagedPolicy> };
  s3: { buckets: Record<string, Bucket> };
  /** Global, like IAM; absent from accounts saved before Route53 was simulated. */
  route53?: Route53State;
  /** The rehearsal seeds applied to this account, by the name they were applied under (account/fixtures.ts). */
  seeds?: string[];
}

export interface ResourceRecordSet {
  Name: string;
  Type: string;
  TTL: number;
  values: string[];
  /** An alias record (values empty, TTL unused): the AWS resource it points at. */
  alias?: { DNSName: string; HostedZoneId: string; EvaluateTargetHealth: boolean };
}

export interface HostedZone {
  Id: string;
  Name: string;
  PrivateZone: boolean;
  CallerReference: string;
  /** By `name.|TYPE`. */
  records: Record<string, ResourceRecordSet>;
  createdAt: number;
}

export interface Route53State {
  zones: Record<string, HostedZone>;
  /** Change id -> when it was submitted (PENDING, then INSYNC). */
  changes: Record<string, number>;
}
