/**
 * The web tier behind a load balancer, as aquamark-deploy's kinds make it:
 * RDS (a DB subnet group, a DB instance whose master password RDS keeps in
 * Secrets Manager, its tags), Secrets Manager (that secret described, never
 * read), ELBv2 (target group, load balancer, listeners, health, tags), EC2
 * launch templates, Auto Scaling (a group from a template, a policy) and a
 * role's inline policy.
 */
import { DescribeAutoScalingGroupsCommand, CreateAutoScalingGroupCommand, DeleteAutoScalingGroupCommand, DeletePolicyCommand, DescribePoliciesCommand, PutScalingPolicyCommand, UpdateAutoScalingGroupCommand, AttachLoadBalancerTargetGroupsCommand } from '../../../src/aws/sdk/autoscaling.js';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSecurityGroupCommand,
  DeleteLaunchTemplateCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ModifyLaunchTemplateCommand,
} from '../../../src/aws/sdk/ec2.js';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  ModifyTargetGroupCommand,
} from '../../../src/aws/sdk/elbv2.js';
import { CreateRoleCommand, DeleteRolePolicyCommand, GetRolePolicyCommand, PutRolePolicyCommand } from '../../../src/aws/sdk/iam.js';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand, CreateDBSubnetGroupCommand, DeleteDBInstanceCommand, DescribeDBSnapshotsCommand, DeleteDBSubnetGroupCommand, DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, ListTagsForResourceCommand } from '../../../src/aws/sdk/rds.js';
import { DescribeSecretCommand } from '../../../src/aws/sdk/secretsmanager.js';
import { shapeOf, type Probe, type Scenario, type ServiceContract } from '../harness.js';
import { ubuntuImage } from './ec2-compute.js';

const TAGS = [{ Key: 'runbook:id', Value: 'contract' }];

/** The default VPC and one default subnet in each of its first two zones. */
export async function twoZones(t: Probe): Promise<{ vpcId: string; subnetIds: string[] }> {
  const vpcId = (await t.aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
  const subnets = (await t.aws.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!));
  const byZone = [...new Map(subnets.map((s) => [s.AvailabilityZone, s.SubnetId!])).values()];
  return { vpcId, subnetIds: byZone.slice(0, 2) };
}

async function group(t: Probe, name: string, vpcId: string): Promise<string> {
  return (await t.aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: 'contract', VpcId: vpcId }))).GroupId!;
}

const rdsScenario: Scenario = {
  name: 'a database as rds.dbSubnetGroup and rds.dbInstance make it: the password managed by RDS, states on the way, tags, deletion',
  operations: ['rds:CreateDBSubnetGroup', 'rds:DescribeDBSubnetGroups', 'rds:DeleteDBSubnetGroup', 'rds:CreateDBInstance', 'rds:DescribeDBInstances', 'rds:DeleteDBInstance', 'rds:ListTagsForResource', 'rds:CreateDBSnapshot'],
  async run(t) {
    const { vpcId, subnetIds } = await twoZones(t);
    const name = t.unique('contract-db');
    t.observe('an unknown subnet group', await t.outcome(t.aws.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name }))));
    const made = await t.aws.rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: name, DBSubnetGroupDescription: 'contract', SubnetIds: subnetIds, Tags: TAGS }));
    t.observe('CreateDBSubnetGroup', shapeOf(made, ['DBSubnetGroup.DBSubnetGroupName', 'DBSubnetGroup.VpcId', 'DBSubnetGroup.DBSubnetGroupArn', 'DBSubnetGroup.Subnets[].SubnetIdentifier']));
    t.observe('the same subnet group again', await t.outcome(t.aws.rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: name, DBSubnetGroupDescription: 'contract', SubnetIds: subnetIds }))));
    const described = await t.aws.rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: name }));
    t.observe('DescribeDBSubnetGroups', [described.DBSubnetGroups?.[0]?.VpcId === vpcId, described.DBSubnetGroups?.[0]?.Subnets?.map((s) => s.SubnetIdentifier).sort().join() === [...subnetIds].sort().join()]);
    t.observe('the subnet group\'s tags', (await t.aws.rds.send(new ListTagsForResourceCommand({ ResourceName: made.DBSubnetGroup!.DBSubnetGroupArn! }))).TagList);
    const sg = await group(t, name, vpcId);
    const create = (extra: object = {}) =>
      t.aws.rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: name,
          Engine: 'postgres',
          EngineVersion: '16.4',
          DBInstanceClass: 'db.t4g.medium',
          AllocatedStorage: 100,
          StorageType: 'gp3',
          StorageEncrypted: true,
          PubliclyAccessible: false,
          MasterUsername: 'postgres',
          ManageMasterUserPassword: true,
          DBSubnetGroupName: name,
          VpcSecurityGroupIds: [sg],
          BackupRetentionPeriod: 7,
          CopyTagsToSnapshot: true,
          Tags: TAGS,
          ...extra,
        }),
      );
    t.observe('an unknown DB instance', await t.outcome(t.aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name }))));
    const db = await create();
    t.observe('CreateDBInstance', shapeOf(db, ['DBInstance.DBInstanceIdentifier', 'DBInstance.DBInstanceStatus', 'DBInstance.MasterUserSecret.SecretArn', 'DBInstance.StorageEncrypted', 'DBInstance.PubliclyAccessible']));
    t.observe('the same identifier again', await t.outcome(create()));
    t.observe('both a password and a managed one', await t.outcome(create({ DBInstanceIdentifier: `${name}-b`, MasterUserPassword: 'not-used-anywhere-1' })));
    t.observe('a retention of 36 days', await t.outcome(create({ DBInstanceIdentifier: `${name}-c`, BackupRetentionPeriod: 36 })));
    const describe = async () => (await t.aws.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: name }))).DBInstances![0]!;
    const { value, states } = await t.until(`${name} available`, describe, (d) => d.DBInstanceStatus === 'available', (d) => d.DBInstanceStatus);
    t.observe('states on the way to available', states.every((s) => ['creating', 'backing-up', 'available', 'modifying', 'configuring-enhanced-monitoring'].includes(s)));
    t.observe('DescribeDBInstances', shapeOf({ DBInstances: [value] }, ['DBInstances[].Endpoint.Address', 'DBInstances[].Endpoint.Port', 'DBInstances[].MasterUserSecret.SecretArn', 'DBInstances[].BackupRetentionPeriod', 'DBInstances[].TagList[].Key', 'DBInstances[].DBInstanceArn']));
    t.observe('what rds.dbInstance checks', [value.PubliclyAccessible, value.StorageEncrypted, value.BackupRetentionPeriod, value.Engine, value.Endpoint?.Port]);
    t.observe('the DB instance\'s tags', (await t.aws.rds.send(new ListTagsForResourceCommand({ ResourceName: value.DBInstanceArn! }))).TagList);
    // A destroy's final snapshot: tags of its own replace the instance's, which CopyTagsToSnapshot copies otherwise.
    const snapshot = (suffix: string, Tags?: { Key: string; Value: string }[]) => t.aws.rds.send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: name, DBSnapshotIdentifier: `${name}-${suffix}`, ...(Tags ? { Tags } : {}) }));
    t.observe('CreateDBSnapshot', shapeOf(await snapshot('own', [{ Key: 'runbook:destroyed-run', Value: 'contract' }]), ['DBSnapshot.DBSnapshotIdentifier', 'DBSnapshot.Status', 'DBSnapshot.SnapshotType']));
    t.observe('the same snapshot identifier again', await t.outcome(snapshot('own')));
    const tagKeys = async (suffix: string) => (await t.until(`${name}-${suffix} available`, async () => (await t.aws.rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: `${name}-${suffix}` }))).DBSnapshots![0]!, (d) => d.Status === 'available', (d) => d.Status)).value.TagList?.map((g) => g.Key).sort();
    t.observe('a snapshot with tags of its own: only those', await tagKeys('own'));
    await snapshot('copied');
    t.observe('a snapshot without tags: the instance\'s, copied', await tagKeys('copied'));
    t.observe('the subnet group while the database uses it', await t.outcome(t.aws.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: name }))));
    t.observe('DeleteDBInstance', shapeOf(await t.aws.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: name, SkipFinalSnapshot: true })), ['DBInstance.DBInstanceIdentifier']));
    await t.until(`${name} gone`, async () => 'ok' in (await t.outcome(describe())), (stillThere) => !stillThere);
    t.observe('the subnet group once the database is gone', await t.outcome(t.aws.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: name }))));
  },
};

const secretScenario: Scenario = {
  name: 'the master password\'s secret as secretsmanager.managedSecret reads it: described, never its value',
  operations: ['secretsmanager:DescribeSecret'],
  async run(t) {
    const { vpcId, subnetIds } = await twoZones(t);
    const name = t.unique('contract-secret-db');
    await t.aws.rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: name, DBSubnetGroupDescription: 'contract', SubnetIds: subnetIds }));
    const sg = await group(t, name, vpcId);
    const db = await t.aws.rds.send(
      new CreateDBInstanceCommand({ DBInstanceIdentifier: name, Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'postgres', ManageMasterUserPassword: true, DBSubnetGroupName: name, VpcSecurityGroupIds: [sg] }),
    );
    const arn = db.DBInstance!.MasterUserSecret!.SecretArn!;
    const secret = await t.aws.secretsmanager.send(new DescribeSecretCommand({ SecretId: arn }));
    t.observe('DescribeSecret', shapeOf(secret, ['ARN', 'Name', 'OwningService']));
    t.observe('the secret is the one RDS named', [secret.ARN === arn, secret.OwningService]);
    t.observe('an unknown secret', await t.outcome(t.aws.secretsmanager.send(new DescribeSecretCommand({ SecretId: `${arn.slice(0, -6)}zzzzzz` }))));
  },
};

export const rdsContract: ServiceContract = { service: 'rds', scenarios: [rdsScenario] };
export const secretsManagerContract: ServiceContract = { service: 'secretsmanager', scenarios: [secretScenario] };

export const elbv2Contract: ServiceContract = {
  service: 'elasticloadbalancing',
  scenarios: [
    {
      name: 'a load balancer as the elbv2 kinds make it: target group, ALB, listeners, health, tags, deletion',
      operations: [
        'elasticloadbalancing:CreateTargetGroup',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:DeleteTargetGroup',
      ],
      async run(t) {
        const { vpcId, subnetIds } = await twoZones(t);
        const name = t.unique('c-lb').slice(0, 32);
        const tgRequest = { Name: name, Protocol: 'HTTP' as const, Port: 80, VpcId: vpcId, TargetType: 'instance' as const, HealthCheckProtocol: 'HTTP' as const, HealthCheckPath: '/ping', HealthCheckIntervalSeconds: 15, HealthyThresholdCount: 3, UnhealthyThresholdCount: 3, Matcher: { HttpCode: '200' } };
        t.observe('an unknown target group', await t.outcome(t.aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }))));
        const tg = (await t.aws.elbv2.send(new CreateTargetGroupCommand({ ...tgRequest, Tags: TAGS }))).TargetGroups![0]!;
        t.observe('CreateTargetGroup', shapeOf({ TargetGroups: [tg] }, ['TargetGroups[].TargetGroupArn', 'TargetGroups[].HealthCheckPath', 'TargetGroups[].Matcher.HttpCode', 'TargetGroups[].Port']));
        t.observe('the same target group again', await t.outcome(t.aws.elbv2.send(new CreateTargetGroupCommand(tgRequest))));
        t.observe('the name with other settings', await t.outcome(t.aws.elbv2.send(new CreateTargetGroupCommand({ ...tgRequest, Port: 8080 }))));
        await t.aws.elbv2.send(new ModifyTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn, HealthCheckPath: '/health' }));
        const byName = (await t.aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }))).TargetGroups![0]!;
        t.observe('ModifyTargetGroup', [byName.HealthCheckPath, byName.HealthCheckIntervalSeconds, byName.HealthyThresholdCount]);
        t.observe('DescribeTargetHealth of an empty group', (await t.aws.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn }))).TargetHealthDescriptions);
        const sg = await group(t, name, vpcId);
        const lbRequest = { Name: name, Type: 'application' as const, Scheme: 'internet-facing' as const, IpAddressType: 'ipv4' as const, Subnets: subnetIds, SecurityGroups: [sg] };
        t.observe('an unknown load balancer', await t.outcome(t.aws.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))));
        t.observe('one subnet only', await t.outcome(t.aws.elbv2.send(new CreateLoadBalancerCommand({ ...lbRequest, Name: `${name.slice(0, 28)}-one`, Subnets: subnetIds.slice(0, 1) }))));
        const lb = (await t.aws.elbv2.send(new CreateLoadBalancerCommand({ ...lbRequest, Tags: TAGS }))).LoadBalancers![0]!;
        t.observe('CreateLoadBalancer', shapeOf({ LoadBalancers: [lb] }, ['LoadBalancers[].LoadBalancerArn', 'LoadBalancers[].DNSName', 'LoadBalancers[].CanonicalHostedZoneId', 'LoadBalancers[].State.Code', 'LoadBalancers[].Type', 'LoadBalancers[].Scheme']));
        t.observe('the same load balancer again', await t.outcome(t.aws.elbv2.send(new CreateLoadBalancerCommand(lbRequest))));
        const { states } = await t.until(`${name} active`, async () => (await t.aws.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers![0]!, (l) => l.State?.Code === 'active', (l) => l.State?.Code);
        t.observe('states on the way to active', states.every((s) => ['provisioning', 'active'].includes(s)));
        const described = (await t.aws.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers![0]!;
        t.observe('DescribeLoadBalancers', [described.AvailabilityZones?.map((z) => z.SubnetId).sort().join() === [...subnetIds].sort().join(), described.SecurityGroups?.join() === sg]);
        const http = { LoadBalancerArn: lb.LoadBalancerArn, Protocol: 'HTTP' as const, Port: 80, DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: tg.TargetGroupArn }] };
        const listener = (await t.aws.elbv2.send(new CreateListenerCommand({ ...http, Tags: TAGS }))).Listeners![0]!;
        t.observe('CreateListener', shapeOf({ Listeners: [listener] }, ['Listeners[].ListenerArn', 'Listeners[].Port', 'Listeners[].Protocol', 'Listeners[].DefaultActions[].TargetGroupArn']));
        t.observe('the same listener again', await t.outcome(t.aws.elbv2.send(new CreateListenerCommand(http))));
        t.observe('HTTPS without a certificate', await t.outcome(t.aws.elbv2.send(new CreateListenerCommand({ ...http, Port: 443, Protocol: 'HTTPS' }))));
        const listed = (await t.aws.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners!;
        t.observe('DescribeListeners', listed.map((l) => [l.Port, l.Protocol, l.DefaultActions?.[0]?.TargetGroupArn === tg.TargetGroupArn]));
        const modified = (await t.aws.elbv2.send(new ModifyListenerCommand({ ListenerArn: listener.ListenerArn, Port: 8080 }))).Listeners![0]!;
        t.observe('ModifyListener', [modified.Port, modified.Protocol]);
        t.observe('the group a listener uses', await t.outcome(t.aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }))));
        const tags = await t.aws.elbv2.send(new DescribeTagsCommand({ ResourceArns: [lb.LoadBalancerArn!, tg.TargetGroupArn!] }));
        t.observe('DescribeTags', tags.TagDescriptions?.map((d) => d.Tags));
        await t.aws.elbv2.send(new DeleteListenerCommand({ ListenerArn: listener.ListenerArn }));
        t.observe('a deleted listener', await t.outcome(t.aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listener.ListenerArn!] }))));
        await t.aws.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }));
        t.observe('a deleted load balancer', await t.outcome(t.aws.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))));
        t.observe('deleting it again', await t.outcome(t.aws.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn }))));
        await t.aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg.TargetGroupArn }));
        t.observe('a deleted target group', await t.outcome(t.aws.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }))));
      },
    },
  ],
};

export const launchTemplateScenarios: Scenario[] = [
  {
    name: 'a launch template as ec2.launchTemplate makes it: ClientToken, versions, the default, deletion',
    operations: ['ec2:CreateLaunchTemplate', 'ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions', 'ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate', 'ec2:DeleteLaunchTemplate'],
    async run(t) {
      const name = t.unique('contract-lt');
      const data = { ImageId: await ubuntuImage(t), InstanceType: 't3.small' as const, MetadataOptions: { HttpTokens: 'required' as const }, BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 20, VolumeType: 'gp3' as const, Encrypted: true } }] };
      t.observe('an unknown template', await t.outcome(t.aws.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }))));
      const request = { LaunchTemplateName: name, LaunchTemplateData: data, ClientToken: name, TagSpecifications: [{ ResourceType: 'launch-template' as const, Tags: TAGS }] };
      const made = (await t.aws.ec2.send(new CreateLaunchTemplateCommand(request))).LaunchTemplate!;
      t.observe('CreateLaunchTemplate', shapeOf({ LaunchTemplate: made }, ['LaunchTemplate.LaunchTemplateId', 'LaunchTemplate.DefaultVersionNumber', 'LaunchTemplate.LatestVersionNumber']));
      t.observe('the same ClientToken again', await t.outcome(t.aws.ec2.send(new CreateLaunchTemplateCommand(request))));
      t.observe('the name again', await t.outcome(t.aws.ec2.send(new CreateLaunchTemplateCommand({ ...request, ClientToken: `${name}-2` }))));
      const listed = (await t.aws.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }))).LaunchTemplates!;
      t.observe('DescribeLaunchTemplates', listed.map((l) => [l.LaunchTemplateId === made.LaunchTemplateId, l.DefaultVersionNumber, l.Tags?.find((x) => x.Key === 'runbook:id')?.Value]));
      const v2 = (await t.aws.ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: made.LaunchTemplateId, LaunchTemplateData: { ...data, InstanceType: 't3.medium' } }))).LaunchTemplateVersion!;
      t.observe('CreateLaunchTemplateVersion', [v2.VersionNumber, v2.DefaultVersion]);
      await t.aws.ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: made.LaunchTemplateId, DefaultVersion: '2' }));
      const def = (await t.aws.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: made.LaunchTemplateId, Versions: ['$Default'] }))).LaunchTemplateVersions!;
      t.observe('the default version after ModifyLaunchTemplate', def.map((v) => [v.VersionNumber, v.LaunchTemplateData?.InstanceType, v.LaunchTemplateData?.MetadataOptions?.HttpTokens, v.LaunchTemplateData?.BlockDeviceMappings?.[0]?.Ebs?.Encrypted]));
      await t.aws.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: made.LaunchTemplateId }));
      t.observe('a deleted template', await t.outcome(t.aws.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [made.LaunchTemplateId!] }))));
    },
  },
];

export const autoscalingContract: ServiceContract = {
  service: 'autoscaling',
  scenarios: [
    {
      name: 'a group as autoscaling.group makes it: from a launch template, target groups, sizes, a target-tracking policy, deletion',
      operations: [
        'autoscaling:CreateAutoScalingGroup',
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:UpdateAutoScalingGroup',
        'autoscaling:AttachLoadBalancerTargetGroups',
        'autoscaling:PutScalingPolicy',
        'autoscaling:DescribePolicies',
        'autoscaling:DeletePolicy',
        'autoscaling:DeleteAutoScalingGroup',
      ],
      async run(t) {
        const { vpcId, subnetIds } = await twoZones(t);
        const name = t.unique('contract-asg');
        const lt = (await t.aws.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: name, LaunchTemplateData: { ImageId: await ubuntuImage(t), InstanceType: 't3.small' } }))).LaunchTemplate!;
        const tg = (await t.aws.elbv2.send(new CreateTargetGroupCommand({ Name: name.slice(0, 32), Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckPath: '/ping' }))).TargetGroups![0]!;
        const describe = async () => (await t.aws.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups ?? [];
        t.observe('an unknown group', (await describe()).length);
        const request = {
          AutoScalingGroupName: name,
          LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplateId, Version: '1' },
          MinSize: 1,
          MaxSize: 3,
          DesiredCapacity: 2,
          VPCZoneIdentifier: subnetIds.join(','),
          HealthCheckType: 'ELB',
          HealthCheckGracePeriod: 300,
          TargetGroupARNs: [tg.TargetGroupArn!],
          Tags: TAGS.map((x) => ({ ...x, PropagateAtLaunch: true })),
        };
        t.observe('CreateAutoScalingGroup', shapeOf(await t.aws.autoscaling.send(new CreateAutoScalingGroupCommand(request)), []));
        t.observe('the same name again', await t.outcome(t.aws.autoscaling.send(new CreateAutoScalingGroupCommand(request))));
        t.observe('desired above max', await t.outcome(t.aws.autoscaling.send(new CreateAutoScalingGroupCommand({ ...request, AutoScalingGroupName: `${name}-b`, DesiredCapacity: 5 }))));
        const [g] = await describe();
        t.observe('DescribeAutoScalingGroups', shapeOf({ AutoScalingGroups: [g] }, ['AutoScalingGroups[].AutoScalingGroupARN', 'AutoScalingGroups[].LaunchTemplate.LaunchTemplateId', 'AutoScalingGroups[].LaunchTemplate.Version', 'AutoScalingGroups[].TargetGroupARNs', 'AutoScalingGroups[].Instances[].InstanceId', 'AutoScalingGroups[].Instances[].LifecycleState', 'AutoScalingGroups[].Instances[].HealthStatus', 'AutoScalingGroups[].Tags[].Key']));
        t.observe('what autoscaling.group checks', [g?.MinSize, g?.MaxSize, g?.DesiredCapacity, g?.HealthCheckType, g?.HealthCheckGracePeriod, g?.Instances?.length, g?.Tags?.find((x) => x.Key === 'runbook:id')?.PropagateAtLaunch]);
        await t.aws.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, DesiredCapacity: 1, MinSize: 1, MaxSize: 3 }));
        t.observe('the group after UpdateAutoScalingGroup', (await describe()).map((x) => [x.DesiredCapacity, x.Instances?.length]));
        t.observe('AttachLoadBalancerTargetGroups of the same group', await t.outcome(t.aws.autoscaling.send(new AttachLoadBalancerTargetGroupsCommand({ AutoScalingGroupName: name, TargetGroupARNs: [tg.TargetGroupArn!] }))));
        const policy = { AutoScalingGroupName: name, PolicyName: 'cpu', PolicyType: 'TargetTrackingScaling', TargetTrackingConfiguration: { PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' as const }, TargetValue: 60 } };
        t.observe('PutScalingPolicy', shapeOf(await t.aws.autoscaling.send(new PutScalingPolicyCommand(policy)), ['PolicyARN']));
        await t.aws.autoscaling.send(new PutScalingPolicyCommand({ ...policy, TargetTrackingConfiguration: { ...policy.TargetTrackingConfiguration, TargetValue: 50 } }));
        const policies = (await t.aws.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: name, PolicyNames: ['cpu'] }))).ScalingPolicies ?? [];
        t.observe('DescribePolicies after a second PutScalingPolicy', policies.map((p) => [p.PolicyName, p.PolicyType, p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType, p.TargetTrackingConfiguration?.TargetValue]));
        await t.aws.autoscaling.send(new DeletePolicyCommand({ AutoScalingGroupName: name, PolicyName: 'cpu' }));
        t.observe('the policy deleted', ((await t.aws.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: name }))).ScalingPolicies ?? []).length);
        t.observe('deleting a group with instances without ForceDelete', await t.outcome(t.aws.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name }))));
        t.observe('DeleteAutoScalingGroup with ForceDelete', await t.outcome(t.aws.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }))));
        await t.until(`${name} gone`, describe, (groups) => groups.length === 0);
        t.observe('a deleted group', (await describe()).length);
      },
    },
  ],
};

export const inlinePolicyScenario: Scenario = {
  name: 'an inline policy as iam.rolePolicy puts it: URL-encoded document, replaced by name, deleted',
  operations: ['iam:PutRolePolicy', 'iam:GetRolePolicy', 'iam:DeleteRolePolicy'],
  async run(t) {
    const name = t.unique('contract-inline');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await t.aws.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    const doc = (bucket: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::${bucket}/*`] }] });
    t.observe('an unknown inline policy', await t.outcome(t.aws.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'access' }))));
    await t.aws.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'access', PolicyDocument: doc('one') }));
    await t.aws.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'access', PolicyDocument: doc('two') }));
    const got = await t.aws.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'access' }));
    t.observe('GetRolePolicy after a second PutRolePolicy', [got.PolicyName, JSON.parse(decodeURIComponent(got.PolicyDocument!)).Statement[0].Resource]);
    t.observe('a malformed document', await t.outcome(t.aws.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'bad', PolicyDocument: 'not json' }))));
    await t.aws.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'access' }));
    t.observe('the policy deleted', await t.outcome(t.aws.iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'access' }))));
  },
};
