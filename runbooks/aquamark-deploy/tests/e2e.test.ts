/**
 * The CLI end to end in the sandbox: the rehearsal (watchdog and daemons
 * included), a second run, a dry-run, a fault and its resume, the defaults
 * alone, and the refusals. A crash right after each slow create, and its
 * resume, is in the reliability suite (test/reliability/scenarios.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import aquamark from '../index.js';
import type { SandboxAccountState } from '../../../src/sandbox/index.js';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const REGION = 'us-east-1';
const ACKS = (aquamark.rehearsal!.acks ?? []).flatMap((a) => ['--ack', a]);
const flags = (params: Record<string, unknown>) => Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`]);
const rehearsal = (dir: string, extra: string[] = []) => ['run', 'aquamark-deploy', '--sandbox', '--non-interactive', '--state-dir', dir, ...flags(aquamark.rehearsal!.params), ...ACKS, ...extra];

const region = (account: SandboxAccountState) => account.regions[REGION]!;
const counts = (account: SandboxAccountState) => ({
  databases: Object.values(region(account).dbInstances ?? {}).length,
  loadBalancers: Object.values(region(account).loadBalancers ?? {}).length,
  targetGroups: Object.values(region(account).targetGroups ?? {}).length,
  buildInstances: Object.values(region(account).instances).filter((i) => i.Tags.Name === 'aquamark-build' && i.terminatedAt === undefined).length,
  images: Object.values(region(account).images).filter((i) => i.Name === 'aq-web-v1.0.1-1').length,
  launchTemplates: Object.values(region(account).launchTemplates ?? {}).length,
  groups: Object.values(region(account).autoScalingGroups ?? {}).length,
});
const ONE_EACH = { databases: 1, loadBalancers: 1, targetGroups: 1, buildInstances: 1, images: 1, launchTemplates: 1, groups: 1 };
const NONE = { databases: 0, loadBalancers: 0, targetGroups: 0, buildInstances: 0, images: 0, launchTemplates: 0, groups: 0 };

describe('the rehearsal in the sandbox', () => {
  const dir = tempStateDir();
  let first = '';

  beforeAll(async () => {
    const run = await runCli(rehearsal(dir));
    expect(run.code, run.stderr).toBe(0);
    first = runIdOf(run);
  });

  it('makes the private, encrypted database with its managed secret, and never sees the password', () => {
    const state = readState(dir, first);
    expect(state.status).toBe('succeeded');
    const db = Object.values(region(sandboxAccount(dir)).dbInstances ?? {})[0]!;
    expect(db).toMatchObject({ Engine: 'postgres', PubliclyAccessible: false, StorageEncrypted: true, BackupRetentionPeriod: 7, AllocatedStorage: 100 });
    expect(db.masterSecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/);
    const sent = JSON.stringify(state.steps.flatMap((s) => s.calls));
    expect(sent).not.toMatch(/MasterUserPassword"\s*:/);
    expect(sent).not.toContain('GetSecretValue');
    expect(JSON.stringify(state)).not.toContain('sandbox-smtp-password');
  });

  it('builds on the host: aq.conf names the endpoint and the secret, holds no keys; /ping answers; the watchdog is set up after the email is confirmed', () => {
    const state = readState(dir, first);
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    const build = Object.values(region(sandboxAccount(dir)).instances).find((i) => i.Tags.Name === 'aquamark-build')!;
    const conf = build.host.files['/home/ubuntu/aq_conf/aq.conf']!.content;
    expect(conf).toMatch(/^DATABASE_URL=postgresql:\/\/postgres:\(password read from arn:aws:secretsmanager:[^)]+\)@aquamark\.[a-z0-9]+\.us-east-1\.rds\.amazonaws\.com:5432\/postgres$/m);
    expect(conf).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)/);
    expect(build.host.units['aquamark-env.service']).toMatchObject({ enabled: true });
    expect(build.host.containers.aquamark).toMatchObject({ running: true, restart: 'always', ports: [{ hostPort: 80, containerPort: 8000 }] });
    expect(step('ping-on-host').status).toBe('ok');
    expect(step('deploy-key').evidence.join('\n')).toMatch(/ssh-ed25519 AAAA/);
    expect(build.host.files['/var/spool/cron/crontabs/ubuntu']?.content).toMatch(/watchdog\.py/);
    expect(build.host.files['/home/ubuntu/aquamark/src/util/watchdog.yaml']?.content).not.toContain('sandbox-smtp-password');
  });

  it('runs the two daemons on the backup machine with the same image and restart always', () => {
    const backup = Object.values(region(sandboxAccount(dir)).instances).find((i) => i.Tags.Name === 'aquamark-backup')!;
    expect(backup.host.containers.recalc).toMatchObject({ running: true, restart: 'always', image: 'vpac/aquamark:latest' });
    expect(backup.host.containers.notify).toMatchObject({ running: true, restart: 'always', image: 'vpac/aquamark:latest' });
    expect(backup.host.files['/home/ubuntu/aq_conf/recalculate.yaml']?.content).toMatch(/:587 /);
  });

  it('puts the load balancer in front: HTTP only without a certificate, with a warning; the target group checks /ping', () => {
    const state = readState(dir, first);
    expect(state.steps.find((s) => s.id === 'http-only-listener')!.evidence.join('\n')).toMatch(/Warning: no certificateArn/);
    const tg = Object.values(region(sandboxAccount(dir)).targetGroups ?? {})[0]!;
    expect(tg).toMatchObject({ HealthCheckPath: '/ping', Port: 80, Protocol: 'HTTP' });
  });

  it('launches the group from the image behind the load balancer: IMDSv2, encrypted 20 GB gp3, no public address, only the web group; /ping answers through it', () => {
    const state = readState(dir, first);
    const account = region(sandboxAccount(dir));
    const group = Object.values(account.autoScalingGroups ?? {})[0]!;
    expect(group).toMatchObject({ MinSize: 2, DesiredCapacity: 2, MaxSize: 4, HealthCheckType: 'ELB' });
    expect(group.instanceIds).toHaveLength(2);
    const web = account.instances[group.instanceIds[0]!]!;
    const image = Object.values(account.images).find((i) => i.Name === 'aq-web-v1.0.1-1')!;
    expect(web.ImageId).toBe(image.ImageId);
    expect(web.MetadataOptions.HttpTokens).toBe('required');
    expect(web.autoPublicIp).toBeUndefined();
    expect(web.host.containers.aquamark?.running).toBe(true);
    const webGroup = Object.values(account.securityGroups).find((g) => g.GroupName === 'aquamark-web')!;
    expect(web.SecurityGroupIds).toEqual([webGroup.GroupId]);
    expect(web.BlockDeviceMappings.map((b) => account.volumes[b.VolumeId]).map((v) => [v?.Size, v?.VolumeType, v?.Encrypted])).toEqual([[20, 'gp3', true]]);
    expect(Object.values(account.scalingPolicies ?? {})[0]?.TargetTrackingConfiguration).toMatchObject({ TargetValue: 60 });
    expect(state.steps.find((s) => s.id === 'ping-through-load-balancer')!.status).toBe('ok');
    // The check on the hosts reached every instance of the group through one tag-targeted command.
    const everyServer = state.steps.find((s) => s.id === 'ping-every-web-server')!;
    expect(everyServer.status).toBe('ok');
    expect(Object.keys(everyServer.hosts ?? {}).sort()).toEqual([...group.instanceIds].sort());
    const byTag = Object.values(account.commands ?? {}).filter((c) => c.Targets?.some((t) => t.Key === 'tag:aws:autoscaling:groupName' && t.Values?.includes('aq-web-v1.0.1-1')));
    expect(byTag.length).toBeGreaterThanOrEqual(1);
    expect(byTag[0]).toMatchObject({ MaxConcurrency: '50%' });
  });

  it('changes nothing when run again', async () => {
    const again = await runCli(rehearsal(dir));
    expect(again.code, again.stderr).toBe(0);
    const state = readState(dir, runIdOf(again));
    expect(mutatingCallsSent(state)).toEqual([]);
    expect(counts(sandboxAccount(dir))).toEqual(ONE_EACH);
  });
});

describe('dry-run', () => {
  it('plans every write and sends none', async () => {
    const dir = tempStateDir();
    const run = await runCli([...rehearsal(dir), '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(mutatingCallsSent(state)).toEqual([]);
    const planned = state.steps.flatMap((s) => s.plan ?? []).map((p) => p.operation);
    expect(planned).toEqual(expect.arrayContaining(['CreateDBSubnetGroup', 'CreateDBInstance', 'CreateLoadBalancer', 'CreateTargetGroup', 'CreateListener', 'PutRolePolicy', 'CreateImage', 'CreateLaunchTemplate', 'CreateAutoScalingGroup', 'PutScalingPolicy']));
    expect(counts(sandboxAccount(dir))).toEqual(NONE);
  });
});

describe('a fault, then resume', () => {
  it('stops at the failed CreateLoadBalancer; the resume makes one database and one load balancer', async () => {
    const dir = tempStateDir();
    const failed = await runCli(rehearsal(dir, ['--sandbox-fault', 'load-balancer']));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Simulated fault injected by --sandbox-fault in step load-balancer/);
    const resumed = await runCli(['resume', runIdOf(failed), '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `smtpPassword=${aquamark.rehearsal!.params.smtpPassword}`, ...ACKS]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(counts(sandboxAccount(dir))).toEqual(ONE_EACH);
  });
});

describe('the defaults alone', () => {
  it('succeed with only the deploy key acknowledged (no watchdog, no daemons, no DNS)', async () => {
    const dir = tempStateDir();
    const run = await runCli(['run', 'aquamark-deploy', '--sandbox', '--non-interactive', '--state-dir', dir, '--ack', 'add-deploy-key']);
    expect(run.code, run.stderr).toBe(0);
    const state = readState(dir, runIdOf(run));
    expect(state.steps.filter((s) => s.status === 'skipped').map((s) => s.id)).toEqual(expect.arrayContaining(['watchdog-config', 'recalc-daemon', 'dns-alias', 'dns-record', 'https-listener']));
  });

  it('stop at the deploy key in CI without --ack (exit 3)', async () => {
    const run = await runCli(['run', 'aquamark-deploy', '--sandbox', '--non-interactive', '--state-dir', tempStateDir()]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/add-deploy-key/);
  });
});

describe('refusals before any AWS call', () => {
  it.each([
    [['--param', 'backupRetentionDays=36'], /^Parameter backupRetentionDays: expected a whole number from 0 to 35/m],
    [['--param', 'minSize=3', '--param', 'desiredCapacity=2'], /minSize <= desiredCapacity <= maxSize/],
    [['--param', 'smtpHost=email-smtp.us-east-1.amazonaws.com', '--param', 'smtpUser=u', '--param', 'smtpPassword=p', '--param', 'smtpPort=25'], /Amazon SES throttles port 25/],
    [['--param', 'dnsZone=example.com'], /expected dnsName with it/],
    [['--param', 'repository=https://github.com/vpac-innovations/aquamark'], /^Parameter repository: expected an ssh git URL/m],
  ])('%j', async (extra, message) => {
    const run = await runCli(['run', 'aquamark-deploy', '--sandbox', '--non-interactive', '--state-dir', tempStateDir(), ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
