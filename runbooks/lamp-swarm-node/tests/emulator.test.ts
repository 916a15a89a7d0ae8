/**
 * lamp-swarm-node against moto: a dry-run reads real answers (moto's own
 * Amazon Linux 2023 through its public parameter) and sends no write; the
 * real run makes the key pair, the profile, the swarm group and the instance
 * (moto ignores DisableApiTermination at launch: the step sees it and turns
 * protection on), then stops at the wait for the SSM agent, which moto cannot
 * serve; a second run sends no write and finds the private key by its
 * fingerprint. A same-named group someone else made stops the run with one
 * sentence, and the resume continues once it is tagged.
 */
import { readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CreateSecurityGroupCommand, CreateTagsCommand, DescribeInstancesCommand, DescribeKeyPairsCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand } from '../../../src/aws/sdk/ec2.js';
import { GetInstanceProfileCommand } from '../../../src/aws/sdk/iam.js';
import { CreateHostedZoneCommand } from '../../../src/aws/sdk/route53.js';
import { matchesFingerprint } from '../../../src/steps/ec2/key-fingerprint.js';
import { readState, tempStateDir } from '../../../test/helpers/cli.js';
import { expectNoWorldIngress, expectRunbookTags, expectSafeInstance, groupNamed, instanceNamed, tagsOf } from '../../../test/emulator/claims.js';
import { motoClients, onMoto, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { AL2023_X86_64, motoAvailable, useMoto } from '../../../test/emulator/moto.js';

const NODE = 'node-01.example.com';
const RUN = ['run', 'lamp-swarm-node', '--non-interactive', '--param', `dnsName=${NODE}`, '--param', 'hostedZone=example.com', '--param', 'keyName=lamp-node', '--param', 'dataVolumeSizeGiB=64'];
const NOT_IMPLEMENTED = /^ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response: the endpoint does not seem to implement DescribeInstanceInformation\.$/;

describe.skipIf(!motoAvailable())('lamp-swarm-node against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('swarm-moto-');
  let aws: MotoClients;
  let dry: RunOutcome;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    // What the account has before: the public hosted zone the record goes in.
    await aws.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'emulator-test' }));
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
  });

  it('a dry-run reads moto\'s Amazon Linux 2023 through its public parameter and sends no write', () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('machine-image').outputs).toMatchObject({ imageId: AL2023_X86_64, architecture: 'x86_64', rootDeviceName: '/dev/xvda' });
    expect(dry.step('key-pair').plan?.[0]).toMatchObject({ operation: 'CreateKeyPair', input: { KeyName: 'lamp-node', KeyType: 'ed25519' } });
  });

  it('runs up to the wait for the SSM agent, which moto cannot serve, and stops there with one sentence', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(statuses(first.state)).toMatchObject({
      'key-pair': 'changed',
      network: 'ok',
      'instance-profile': 'changed',
      'swarm-security-group': 'changed',
      'machine-image': 'ok',
      'launch-instance': 'failed',
      'data-volume': 'pending',
      'elastic-ip': 'pending',
      'dns-record': 'pending',
    });
    expect(first.step('launch-instance').error?.message).toMatch(NOT_IMPLEMENTED);
    // RunInstances, then termination protection that moto's launch ignored.
    expect(first.step('launch-instance').calls.filter((c) => c.mutating && c.sent).map((c) => c.operation)).toEqual(['RunInstances', 'ModifyInstanceAttribute']);
  });

  it('made what it claims: a tagged, protected instance with IMDSv2 and encrypted volumes; only 80 and 443 open to the internet', async () => {
    const instance = await instanceNamed(aws, NODE);
    await expectSafeInstance(aws, instance, { runbook: 'lamp-swarm-node', runId: first.runId, name: NODE, terminationProtection: true });
    expect(tagsOf(instance.Tags)['lamp:swarm-role']).toBe('manager');
    expect(instance.KeyName).toBe('lamp-node');
    expect(instance.ImageId).toBe(AL2023_X86_64);
    const group = await groupNamed(aws, 'docker-swarm', instance.VpcId);
    expectRunbookTags(group.Tags, { name: 'docker-swarm', runbook: 'lamp-swarm-node', runId: first.runId });
    expectNoWorldIngress(group, [80, 443]);
    const selfRules = (group.IpPermissions ?? []).filter((p) => p.UserIdGroupPairs?.some((g) => g.GroupId === group.GroupId));
    expect(selfRules.map((p) => `${p.IpProtocol}/${p.FromPort}`).sort()).toEqual(['tcp/2375', 'tcp/2376', 'tcp/2377', 'tcp/7946', 'udp/4789', 'udp/7946']);
  });

  it('wrote the private key once, owner-only, and it is the key pair\'s by fingerprint', async () => {
    const file = String(first.step('key-pair').outputs.privateKeyFile);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = (await aws.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['lamp-node'] }))).KeyPairs![0]!;
    expectRunbookTags(key.Tags, { name: 'lamp-node', runbook: 'lamp-swarm-node', runId: first.runId });
    expect(matchesFingerprint(readFileSync(file, 'utf8'), key.KeyFingerprint!)).toBe(true);
    expect(JSON.stringify(first.state)).not.toContain('PRIVATE KEY');
  });

  it('a second run sends no write: the key pair (matched to its file), the group and the protected instance are found', async () => {
    const again = await runOnMoto(moto.current, dir, RUN);
    expect(again.code).toBe(1);
    expect(writesSent(again.state)).toEqual([]);
    expect(statuses(again.state)).toMatchObject({ 'key-pair': 'ok', 'swarm-security-group': 'ok', 'launch-instance': 'failed' });
    expect(again.step('launch-instance').error?.message).toMatch(NOT_IMPLEMENTED);
  });

  it('destroy removes what the failed run made, the instance found by its tags, and a second destroy sends no write', async () => {
    const instance = await instanceNamed(aws, NODE);
    const res = await onMoto(moto.current, dir, ['destroy', first.runId, '--yes']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/Run .* destroyed: 5 resources removed/);
    const after = await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instance.InstanceId!] }));
    expect(after.Reservations![0]!.Instances![0]!.State?.Name).toBe('terminated');
    expect((await aws.ec2.send(new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: ['lamp-node'] }] }))).KeyPairs).toEqual([]);
    expect((await aws.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['docker-swarm'] }] }))).SecurityGroups).toEqual([]);
    await expect(aws.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'runbook-lamp-swarm-node-ssm' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    const again = await onMoto(moto.current, dir, ['destroy', first.runId, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect((readState(dir, first.runId).destroy?.calls ?? []).filter((c) => c.mutating && c.sent)).toEqual([]);
  });

  it('stops at a same-named group someone else made, with one sentence, and the resume continues once it is tagged as the runbook\'s', async () => {
    await moto.current.reset();
    await aws.route53.send(new CreateHostedZoneCommand({ Name: 'example.com', CallerReference: 'emulator-test-2' }));
    const vpcId = (await aws.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'isDefault', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
    const foreign = await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'docker-swarm', Description: 'made by hand', VpcId: vpcId }));
    const other = tempStateDir('swarm-moto-foreign-');
    const failed = await runOnMoto(moto.current, other, ['run', 'lamp-swarm-node', '--non-interactive', '--param', 'dnsName=node-02.example.com', '--param', 'hostedZone=example.com']);
    expect(failed.code).toBe(1);
    expect(failed.step('swarm-security-group').error?.message).toBe(
      `Security group docker-swarm (${foreign.GroupId}) in ${vpcId} was not created by runbook lamp-swarm-node; rename or remove it, or tag it runbook:id=lamp-swarm-node to let this runbook manage its rules.`,
    );
    expect(failed.step('launch-instance').status).toBe('pending');

    await aws.ec2.send(new CreateTagsCommand({ Resources: [foreign.GroupId!], Tags: [{ Key: 'runbook:id', Value: 'lamp-swarm-node' }] }));
    const resumed = await runOnMoto(moto.current, other, ['resume', failed.runId, '--non-interactive']);
    expect(statuses(resumed.state)).toMatchObject({ 'swarm-security-group': 'changed', 'launch-instance': 'failed' });
    expect((await instanceNamed(aws, 'node-02.example.com')).SecurityGroups?.map((g) => g.GroupId)).toEqual([foreign.GroupId]);
  });
});
