/**
 * redis-sessions against moto, as a user pointing the CLI at an emulator:
 * a dry-run reads real answers and sends no write; a real run goes as far as
 * moto serves (it has no DescribeInstanceInformation, so no SSM agent is ever
 * online: the run stops at the instance's wait for it, with one sentence);
 * a second run sends no write; what moto holds is what the runbook claims.
 * A region without Canonical's public parameter stops at the image with a
 * sentence naming --param amiId, and the resume with it continues.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { expectNoWorldIngress, expectSafeInstance, groupNamed, instanceNamed } from '../../../test/emulator/claims.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { motoAvailable, UBUNTU_2404_AMD64, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'redis-sessions', '--non-interactive'];
const NOT_IMPLEMENTED = /^ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response: the endpoint does not seem to implement DescribeInstanceInformation\.$/;

describe.skipIf(!motoAvailable())('redis-sessions against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('redis-moto-');
  let aws: MotoClients;
  let dry: RunOutcome;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    dry = await runOnMoto(moto.current, dir, [...RUN, '--dry-run']);
    first = await runOnMoto(moto.current, dir, RUN);
  });

  it('a dry-run reads real answers (the default VPC, the seeded Ubuntu image) and sends no write', () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('network').outputs).toMatchObject({ vpcCidr: '172.31.0.0/16', vpcId: expect.stringMatching(/^vpc-/) });
    expect(dry.step('machine-image').outputs).toMatchObject({ imageId: UBUNTU_2404_AMD64, architecture: 'x86_64', rootDeviceName: '/dev/sda1' });
    expect(dry.step('launch-instance')).toMatchObject({ status: 'planned' });
    expect(dry.state.target).toMatchObject({ region: 'us-east-1', account: '123456789012', endpointUrl: moto.current.endpoint });
  });

  it('runs as far as moto serves: up to the wait for the SSM agent, which fails with one sentence naming the call, the endpoint and the status', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(statuses(first.state)).toMatchObject({
      network: 'ok',
      'instance-profile': 'changed',
      'redis-security-group': 'changed',
      'machine-image': 'ok',
      'launch-instance': 'failed',
      'elastic-ip': 'pending',
      'install-docker': 'pending',
    });
    expect(first.step('launch-instance').error?.message).toMatch(NOT_IMPLEMENTED);
    expect(first.stderr).toMatch(/Step launch-instance failed: ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500/);
    expect(first.step('launch-instance').calls.filter((c) => c.mutating && c.sent).map((c) => c.operation)).toEqual(['RunInstances']);
  });

  it('made what it claims: a tagged instance with IMDSv2 and encrypted volumes, Redis open to the VPC only, the SSM role and profile', async () => {
    const instance = await instanceNamed(aws, 'Redis');
    await expectSafeInstance(aws, instance, { runbook: 'redis-sessions', runId: first.runId, name: 'Redis' });
    expect(instance.ImageId).toBe(UBUNTU_2404_AMD64);
    expect(instance.IamInstanceProfile?.Arn).toMatch(/instance-profile\/runbook-redis-sessions-ssm$/);
    const group = await groupNamed(aws, 'redis-security-group', instance.VpcId);
    expectNoWorldIngress(group);
    expect(group.IpPermissions?.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, p.IpRanges?.map((r) => r.CidrIp)])).toEqual([['tcp', 6379, 6379, ['172.31.0.0/16']]]);
  });

  it('a second run sends no write: everything found by its tags, the same sentence at the same step', async () => {
    const again = await runOnMoto(moto.current, dir, RUN);
    expect(again.code).toBe(1);
    expect(writesSent(again.state)).toEqual([]);
    expect(again.step('launch-instance').error?.message).toMatch(NOT_IMPLEMENTED);
    await instanceNamed(aws, 'Redis');
  });

  it('the resume keeps the state and sends no write either: the cause (moto has no SSM agent) never goes', async () => {
    const resumed = await runOnMoto(moto.current, dir, ['resume', first.runId, '--non-interactive']);
    expect(resumed.code).toBe(1);
    expect(resumed.runId).toBe(first.runId);
    expect(statuses(resumed.state)).toMatchObject({ 'instance-profile': 'changed', 'redis-security-group': 'changed', 'launch-instance': 'failed' });
    expect(resumed.state.steps.flatMap((s) => s.calls).filter((c) => c.mutating && c.sent)).toHaveLength(first.state.steps.flatMap((s) => s.calls).filter((c) => c.mutating && c.sent).length);
  });

  it('in a region without the public Ubuntu parameter it stops at the image, saying --param amiId is the way around, and the resume with it continues', async () => {
    const other = tempStateDir('redis-moto-eu-');
    const failed = await runOnMoto(moto.current, other, RUN, { region: 'eu-west-1' });
    expect(failed.code).toBe(1);
    expect(failed.step('machine-image').error?.message).toBe(
      'The public parameter /aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id does not exist in eu-west-1: pass --param amiId=ami-... (an x86_64 image) to choose the image yourself.',
    );
    expect(failed.step('launch-instance').status).toBe('pending');
    const resumed = await runOnMoto(moto.current, other, ['resume', failed.runId, '--non-interactive', '--param', `amiId=${UBUNTU_2404_AMD64}`], { region: 'eu-west-1' });
    expect(statuses(resumed.state)).toMatchObject({ 'machine-image': 'ok', 'launch-instance': 'failed' });
    expect(resumed.step('launch-instance').error?.message).toMatch(NOT_IMPLEMENTED);
    const eu = motoClients(moto.current, 'eu-west-1');
    try {
      expect((await instanceNamed(eu, 'Redis')).ImageId).toBe(UBUNTU_2404_AMD64);
    } finally {
      eu.destroy();
    }
  });
});
