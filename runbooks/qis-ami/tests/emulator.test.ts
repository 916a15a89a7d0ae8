/**
 * qis-ami against moto: the lookup of the current Fedora release asks moto
 * the real question (Fedora's owner, the name pattern, the architecture) and,
 * moto holding no Fedora image, stops with the sentence that says how to
 * choose one; with amiId a dry-run sends no write; the run launches the
 * builder (tagged, IMDSv2, encrypted, a group with no inbound rule) and stops
 * at the wait for the SSM agent, which moto cannot serve. The copies are
 * held to moto by the contract suite (CopyImage); they need the build first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_INSTALL } from '../scripts.js';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { expectSafeInstance, groupNamed, instanceNamed } from '../../../test/emulator/claims.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients, type RunOutcome } from '../../../test/emulator/cli.js';
import { AL2023_X86_64, motoAvailable, useMoto } from '../../../test/emulator/moto.js';

const RUN = ['run', 'qis-ami', '--non-interactive', '--param', `installScript=${EXAMPLE_INSTALL}`];
const NOT_IMPLEMENTED = /^ssm:DescribeInstanceInformation at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response: the endpoint does not seem to implement DescribeInstanceInformation\.$/;

describe.skipIf(!motoAvailable())('qis-ami against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('qis-ami-moto-');
  let aws: MotoClients;
  let noFedora: RunOutcome;
  let dry: RunOutcome;
  let first: RunOutcome;

  beforeAll(async () => {
    aws = motoClients(moto.current);
    noFedora = await runOnMoto(moto.current, tempStateDir('qis-ami-moto-'), [...RUN, '--dry-run']);
    dry = await runOnMoto(moto.current, dir, [...RUN, '--param', `amiId=${AL2023_X86_64}`, '--dry-run']);
    first = await runOnMoto(moto.current, dir, [...RUN, '--param', `amiId=${AL2023_X86_64}`]);
  });

  it("looks the current Fedora release up by Fedora's owner and name, and says how to choose an image when there is none", () => {
    expect(noFedora.code).toBe(1);
    expect(noFedora.step('existing-image').outputs).toMatchObject({ imageId: '', build: true });
    expect(noFedora.step('machine-image').error?.message).toMatch(/^Owner 125523088429 has no available x86_64 image named Fedora-Cloud-Base-AmazonEC2\.x86_64-\* in us-east-1: pass --param amiId=ami-/);
    expect(writesSent(noFedora.state)).toEqual([]);
  });

  it('a dry-run with amiId sends no write and plans the builder', () => {
    expect(dry.code, dry.stderr).toBe(0);
    expect(writesSent(dry.state)).toEqual([]);
    expect(dry.step('builder').plan?.[0]).toMatchObject({ operation: 'RunInstances', input: { ImageId: AL2023_X86_64, MetadataOptions: { HttpTokens: 'required' } } });
  });

  it('launches the builder and stops at the wait for the SSM agent, which moto cannot serve', async () => {
    expect(first.code, first.stderr).toBe(1);
    expect(statuses(first.state)).toMatchObject({ 'existing-image': 'ok', 'instance-profile': 'changed', 'builder-security-group': 'changed', builder: 'failed', 'install-qis': 'pending', image: 'pending' });
    expect(first.step('builder').error?.message).toMatch(NOT_IMPLEMENTED);
    const builder = await instanceNamed(aws, 'qis-ami-builder');
    await expectSafeInstance(aws, builder, { runbook: 'qis-ami', runId: first.runId, name: 'qis-ami-builder' });
    expect(builder.BlockDeviceMappings?.map((b) => b.DeviceName)).toHaveLength(1);
    const group = await groupNamed(aws, 'qis-ami-builder', builder.VpcId);
    expect(group.IpPermissions).toEqual([]);
  });
});
