/**
 * What a sandbox account still holds that carries a run's `runbook:run-id`
 * tag, as `type:id` lines: what a destroy must leave empty (but for what it
 * keeps and lists). Gone means gone as AWS says it: a terminated instance or
 * environment, a deleted stack, a file system or mount target being deleted.
 */
import type { SandboxAccountState, Tags } from '../../src/sandbox/account/state.js';
import { stackStatus } from '../../src/sandbox/services/cloudformation/timeline.js';

const TAG_RUN = 'runbook:run-id';

export function taggedWithRun(account: SandboxAccountState, runId: string, now = Date.now()): string[] {
  const mine = (tags: Tags | undefined) => tags?.[TAG_RUN] === runId;
  const left: string[] = [];
  const add = (type: string, items: { id: string; tags?: Tags; gone?: boolean }[]) => {
    for (const i of items) if (!i.gone && mine(i.tags)) left.push(`${type}:${i.id}`);
  };
  for (const region of Object.values(account.regions)) {
    add('ec2:vpc', Object.values(region.vpcs).map((v) => ({ id: v.VpcId, tags: v.Tags })));
    add('ec2:subnet', Object.values(region.subnets).map((s) => ({ id: s.SubnetId, tags: s.Tags })));
    add('ec2:security-group', Object.values(region.securityGroups).map((g) => ({ id: g.GroupId, tags: g.Tags })));
    add('ec2:instance', Object.values(region.instances).map((i) => ({ id: i.InstanceId, tags: i.Tags, gone: i.terminatedAt !== undefined })));
    add('ec2:volume', Object.values(region.volumes).map((v) => ({ id: v.VolumeId, tags: v.Tags })));
    add('ec2:address', Object.values(region.addresses).map((a) => ({ id: a.AllocationId, tags: a.Tags })));
    add('ec2:key-pair', Object.values(region.keyPairs).map((k) => ({ id: k.KeyName, tags: k.Tags })));
    add('ec2:image', Object.values(region.images).map((i) => ({ id: i.ImageId, tags: i.Tags })));
    add('ec2:snapshot', Object.values(region.snapshots ?? {}).map((s) => ({ id: s.SnapshotId, tags: s.Tags })));
    add('ec2:internet-gateway', Object.values(region.internetGateways ?? {}).map((g) => ({ id: g.InternetGatewayId, tags: g.Tags })));
    add('ec2:route-table', Object.values(region.routeTables ?? {}).map((r) => ({ id: r.RouteTableId, tags: r.Tags })));
    add('efs:file-system', Object.values(region.fileSystems ?? {}).map((f) => ({ id: f.FileSystemId, tags: f.Tags, gone: f.deletingAt !== undefined })));
    add('rds:snapshot', Object.values(region.dbSnapshots ?? {}).map((s) => ({ id: s.DBSnapshotIdentifier, tags: s.Tags })));
    add('cloudformation:stack', Object.values(region.stacks ?? {}).map((s) => ({ id: s.StackId, tags: s.Tags, gone: stackStatus(s, now).status === 'DELETE_COMPLETE' })));
    add('eb:application', Object.values(region.applications).map((a) => ({ id: a.ApplicationName, tags: a.Tags })));
    add('eb:environment', Object.values(region.environments).map((e) => ({ id: e.EnvironmentId, tags: e.Tags, gone: e.terminatedAt !== undefined })));
  }
  add('iam:role', Object.values(account.iam.roles).map((r) => ({ id: r.RoleName, tags: r.Tags })));
  add('iam:instance-profile', Object.values(account.iam.instanceProfiles).map((p) => ({ id: p.InstanceProfileName, tags: p.Tags })));
  return left.sort();
}
