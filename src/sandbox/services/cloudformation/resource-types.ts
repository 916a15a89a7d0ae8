/**
 * How CloudFormation makes each resource type in the sandbox: how long it
 * takes, its physical id and attributes, and what makes it fail. Resources
 * are not made as live resources of the other services: a stack's resources
 * exist as the stack's own records (its events, physical ids and outputs);
 * what they read from the account (a snapshot to restore, a KMS key) is
 * checked as CloudFormation's resource handlers check it, so a recovery
 * stack started from a snapshot of another region fails as it would on AWS.
 */
import { randomBytes } from 'node:crypto';
import type { OperationContext } from '../lib/context.js';
import { resourceId, uuid } from '../../account/ids.js';
import { snapshotState } from '../ec2/snapshots.js';
import { dbSnapshotStatus } from '../rds/snapshots.js';

export interface ResourceType {
  /** Simulated seconds to create it. */
  createSeconds: number;
  deleteSeconds: number;
  physicalId(stackName: string, logicalId: string, regionName: string): string;
  attributes?(physicalId: string, regionName: string, accountId: string): Record<string, string>;
  /** Why creating it fails, in the words of its resource handler; undefined when it can be made. */
  failure?(ctx: OperationContext, properties: Record<string, unknown>): string | undefined;
}

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomSuffix = (length = 12) => [...randomBytes(length)].map((b) => SUFFIX[b % SUFFIX.length]).join('');

/** `stack-Logical-1A2B3C4D5E6F`, as CloudFormation names what the template does not name. */
function generatedName(stackName: string, logicalId: string, lower = false): string {
  const name = `${stackName.slice(0, 30)}-${logicalId.slice(0, 30)}-${randomSuffix()}`;
  return lower ? name.toLowerCase() : name;
}

function handlerMessage(message: string, service: string, status: number, code: string): string {
  return `Resource handler returned message: "${message} (Service: ${service}, Status Code: ${status}, Request ID: ${uuid()})" (RequestToken: ${uuid()}, HandlerErrorCode: ${code})`;
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

function snapshotFailure(ctx: OperationContext, props: Record<string, unknown>): string | undefined {
  const id = text(props.SnapshotId);
  if (!id) return undefined;
  const snapshot = ctx.region.snapshots?.[id];
  if (!snapshot) return handlerMessage(`The snapshot '${id}' does not exist.`, 'Ec2', 400, 'NotFound');
  if (snapshotState(snapshot, ctx.now) !== 'completed') return handlerMessage(`Snapshot '${id}' is not in a completed state.`, 'Ec2', 400, 'InvalidRequest');
  return undefined;
}

function dbSnapshotFailure(ctx: OperationContext, props: Record<string, unknown>): string | undefined {
  const given = text(props.DBSnapshotIdentifier);
  if (!given) return undefined;
  const arn = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):(\d{12}):snapshot:(.+)$/.exec(given);
  const identifier = (arn ? arn[3]! : given).toLowerCase();
  // A DB instance is restored from a snapshot of its own region only.
  const snapshot = !arn || (arn[1] === ctx.regionName && arn[2] === ctx.account.accountId) ? ctx.region.dbSnapshots?.[identifier] : undefined;
  if (!snapshot) return handlerMessage(`DBSnapshot not found: ${given}`, 'Rds', 404, 'NotFound');
  if (dbSnapshotStatus(snapshot, ctx.now) !== 'available') return handlerMessage(`DB snapshot ${given} is not in available state.`, 'Rds', 400, 'InvalidRequest');
  return undefined;
}

function kmsKeyFailure(ctx: OperationContext, props: Record<string, unknown>, service: string): string | undefined {
  const given = text(props.KmsKeyId);
  if (!given) return undefined;
  const arn = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/.exec(given);
  const keyId = arn ? arn[3]! : given;
  const key = !arn || arn[1] === ctx.regionName ? ctx.region.kmsKeys?.[keyId] : undefined;
  if (!key || key.KeyState !== 'Enabled') return handlerMessage(`The KMS key ${given} does not exist, is not enabled or is not in region ${ctx.regionName}.`, service, 400, 'InvalidRequest');
  return undefined;
}

const arnOf = (service: string, kind: string) => (id: string, region: string, account: string) => ({ Arn: `arn:aws:${service}:${region}:${account}:${kind}/${id}` });

const DEFAULT: ResourceType = { createSeconds: 5, deleteSeconds: 3, physicalId: (stack, logical) => generatedName(stack, logical) };

const TYPES: Record<string, Partial<ResourceType>> = {
  'AWS::EC2::Volume': { createSeconds: 20, deleteSeconds: 10, physicalId: () => resourceId('vol'), failure: (ctx, p) => snapshotFailure(ctx, p) ?? kmsKeyFailure(ctx, p, 'Ec2') },
  'AWS::EC2::Instance': { createSeconds: 45, deleteSeconds: 30, physicalId: () => resourceId('i'), attributes: () => ({ PrivateIp: '10.0.2.15', PublicIp: '198.51.100.24', PrivateDnsName: 'ip-10-0-2-15.ec2.internal' }) },
  'AWS::EC2::VPC': { createSeconds: 5, physicalId: () => resourceId('vpc') },
  'AWS::EC2::Subnet': { createSeconds: 5, physicalId: () => resourceId('subnet') },
  'AWS::EC2::SecurityGroup': { createSeconds: 5, physicalId: () => resourceId('sg'), attributes: (id) => ({ GroupId: id }) },
  'AWS::RDS::DBInstance': {
    createSeconds: 240,
    deleteSeconds: 60,
    physicalId: (stack, logical) => generatedName(stack, logical, true),
    attributes: (id, region) => ({ 'Endpoint.Address': `${id}.c9akciq32.${region}.rds.amazonaws.com`, 'Endpoint.Port': '3306' }),
    failure: (ctx, p) => dbSnapshotFailure(ctx, p) ?? kmsKeyFailure(ctx, p, 'Rds'),
  },
  'AWS::EFS::FileSystem': { createSeconds: 20, physicalId: () => resourceId('fs'), failure: (ctx, p) => kmsKeyFailure(ctx, p, 'Efs'), attributes: arnOf('elasticfilesystem', 'file-system') },
  'AWS::S3::Bucket': {
    createSeconds: 15,
    physicalId: (stack, logical) => generatedName(stack, logical, true),
    attributes: (id, region) => ({ Arn: `arn:aws:s3:::${id}`, DomainName: `${id}.s3.amazonaws.com`, RegionalDomainName: `${id}.s3.${region}.amazonaws.com` }),
  },
  'AWS::KMS::Key': { createSeconds: 10, physicalId: () => uuid(), attributes: arnOf('kms', 'key') },
  'AWS::IAM::Role': { createSeconds: 10, physicalId: (stack, logical) => generatedName(stack, logical), attributes: (id, _r, account) => ({ Arn: `arn:aws:iam::${account}:role/${id}` }) },
  'AWS::IAM::InstanceProfile': { createSeconds: 60, physicalId: (stack, logical) => generatedName(stack, logical), attributes: (id, _r, account) => ({ Arn: `arn:aws:iam::${account}:instance-profile/${id}` }) },
  'AWS::ElasticBeanstalk::Application': { createSeconds: 5, physicalId: (stack, logical) => generatedName(stack, logical) },
  'AWS::ElasticBeanstalk::Environment': {
    createSeconds: 180,
    deleteSeconds: 60,
    physicalId: (stack) => `${stack.slice(0, 4)}-EBEn-${randomSuffix()}`.slice(0, 40),
    // The load balancer's name: its DNS name is what the environment's EndpointURL is.
    attributes: (_id, region) => ({ EndpointURL: `awseb-e-${randomSuffix(10).toLowerCase()}-stack-awsebloa-${randomSuffix(13).toLowerCase()}-${1000000000 + (randomBytes(3).readUIntBE(0, 3) % 899999999)}.${region}.elb.amazonaws.com` }),
  },
};

export function resourceType(type: string): ResourceType {
  return { ...DEFAULT, ...TYPES[type] };
}
