/**
 * aquamark-deploy against moto: a dry-run reads real answers and sends no
 * write; the real run makes what does not need a host (the security groups,
 * the DB subnet group, the database with its managed secret, the role and
 * its policy, the target group, the load balancer and its listener) and
 * stops at the build instance's wait for the SSM agent, which moto cannot
 * serve; a second run sends no write for what was made.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DescribeSecurityGroupsCommand } from '../../../src/aws/sdk/ec2.js';
import { DescribeDBInstancesCommand, RDSClient } from '../../../src/aws/sdk/rds.js';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '../../../src/aws/sdk/elbv2.js';
import { GetRolePolicyCommand } from '../../../src/aws/sdk/iam.js';
import { DescribeSecretCommand, SecretsManagerClient } from '../../../src/aws/sdk/secretsmanager.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { expectNoWorldIngress, expectRunbookTags } from '../../../test/emulator/claims.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { EMULATOR_REGION, motoAvailable, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'aquamark-deploy', '--non-interactive', '--ack', 'add-deploy-key'];
const NOT_IMPLEMENTED = /^ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response/;

describe.skipIf(!motoAvailable())('aquamark-deploy against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('aquamark-moto-');
  let aws: MotoClients;
  let others: { rds: RDSClient; elbv2: ElasticLoadBalancingV2Client; secrets: SecretsManagerClient };
  let dry: RunOutcome;
  let first: RunOutcome;
  let second: RunOutcome;
  let third: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    const config = { endpoint: moto.current.endpoint, region: EMULATOR_REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
    others = { rds: new RDSClient(config), elbv2: new ElasticLoadBalancingV2Client(config), secrets: new SecretsManagerClient(config) };
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
    // The build instance fails at once, and a run stops at its first failure: steps beside it may still be to do.
    second = await runOnMoto(moto.current, dir, RUN);
    third = await runOnMoto(moto.current, dir, RUN);
  });

  it('a dry-run reads moto\'s network and Ubuntu image and sends no write', () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect((dry.step('subnets').outputs.subnetIds as string[]).length).toBeGreaterThanOrEqual(2);
    expect(dry.step('database').plan?.[0]).toMatchObject({ operation: 'CreateDBInstance', input: { ManageMasterUserPassword: true, PubliclyAccessible: false, StorageEncrypted: true } });
  });

  it('makes the database, the role\'s policy and the load balancer, and stops at the SSM agent with one sentence', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(first.step('build-instance').error?.message).toMatch(NOT_IMPLEMENTED);
    expect(second.code, second.stderr).toBe(1);
    expect(statuses(second.state)).toMatchObject({
      'db-subnet-group': 'ok',
      database: 'ok',
      'db-secret': 'ok',
      'target-group': 'ok',
      'load-balancer': 'ok',
      'http-only-listener': 'ok',
      'build-instance': 'failed',
      'install-deps': 'pending',
    });
  });

  it('made what it claims: a private, encrypted database whose password RDS keeps; groups open only where they should be', async () => {
    const db = (await others.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'aquamark' }))).DBInstances![0]!;
    expect(db).toMatchObject({ Engine: 'postgres', PubliclyAccessible: false, StorageEncrypted: true, BackupRetentionPeriod: 7, AllocatedStorage: 100 });
    expectRunbookTags(db.TagList, { name: 'aquamark', runbook: 'aquamark-deploy', runId: first.runId });
    const secret = await others.secrets.send(new DescribeSecretCommand({ SecretId: db.MasterUserSecret!.SecretArn }));
    expect(secret.ARN).toBe(db.MasterUserSecret!.SecretArn);
    const groups = (await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['aquamark-load-balancer', 'aquamark-web', 'aquamark-database'] }] }))).SecurityGroups!;
    const byName = Object.fromEntries(groups.map((g) => [g.GroupName, g]));
    expectNoWorldIngress(byName['aquamark-web']!, []);
    expectNoWorldIngress(byName['aquamark-database']!, []);
    expectNoWorldIngress(byName['aquamark-load-balancer']!, [80, 443]);
    expect(byName['aquamark-database']!.IpPermissions![0]!.UserIdGroupPairs![0]!.GroupId).toBe(byName['aquamark-web']!.GroupId);
    const policy = await aws.iam.send(new GetRolePolicyCommand({ RoleName: 'aquamark-web', PolicyName: 'aquamark-bucket-and-database-secret' }));
    expect(decodeURIComponent(policy.PolicyDocument!)).toContain(db.MasterUserSecret!.SecretArn!);
  });

  it('the load balancer forwards 80 to the target group that checks /ping', async () => {
    const lb = (await others.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['aquamark'] }))).LoadBalancers![0]!;
    expect(lb).toMatchObject({ Type: 'application', Scheme: 'internet-facing' });
    const tg = (await others.elbv2.send(new DescribeTargetGroupsCommand({ Names: ['aquamark-web'] }))).TargetGroups![0]!;
    expect(tg).toMatchObject({ Protocol: 'HTTP', Port: 80, HealthCheckPath: '/ping' });
    const listeners = (await others.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lb.LoadBalancerArn }))).Listeners!;
    expect(listeners.map((l) => [l.Port, l.Protocol, l.DefaultActions?.[0]?.TargetGroupArn])).toEqual([[80, 'HTTP', tg.TargetGroupArn]]);
  });

  it('once everything a run can make without a host is made, another run sends no write and stops at the same place', () => {
    expect(third.code, third.stderr).toBe(1);
    expect(writesSent(third.state)).toEqual([]);
    expect(third.step('build-instance').error?.message).toMatch(NOT_IMPLEMENTED);
  });
});
