/**
 * lamp-ssm-tunnel against moto, on a node lamp-swarm-node launched there:
 * the node is found by its Name tag; the ~/.ssh/config block names the
 * run's region and endpoint (a user pointing the CLI at an emulator gets an
 * ssh that goes there too); port forwarding stops with one sentence, since
 * moto has no StartSession. Without the Session Manager plugin the run stops
 * with the install hint, and the resume continues once it is on the PATH.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readState, runCli, runIdOf, tempStateDir } from '../../../test/helpers/cli.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients } from '../../../test/emulator/cli.js';
import { motoAvailable, setEnv, useMoto } from '../../../test/emulator/moto.js';
import { launchNode, NODE, type MotoNode } from '../../../test/emulator/node.js';
import { fakePlugin } from '../../../test/steps/ssm/plugin-fixture.js';

const RUN = ['run', 'lamp-ssm-tunnel', '--non-interactive', '--param', `instance=${NODE}`];
/** A PATH with node (the stand-in plugin is a node script) but no session-manager-plugin. */
const NO_PLUGIN = fakePlugin().path.split(':').slice(1).join(':');

describe.skipIf(!motoAvailable())('lamp-ssm-tunnel against moto', () => {
  const moto = useMoto();
  const dir = tempStateDir('tunnel-moto-');
  let aws: MotoClients;
  let node: MotoNode;
  let path = '';

  beforeAll(async () => {
    aws = motoClients(moto.current);
    node = await launchNode(moto.current, aws);
  });

  it('without the Session Manager plugin stops with the install hint; the resume continues once the plugin is on the PATH', async () => {
    const before = process.env.PATH;
    process.env.PATH = NO_PLUGIN;
    let failed;
    try {
      failed = await runOnMoto(moto.current, dir, RUN);
    } finally {
      process.env.PATH = before;
    }
    expect(failed.code).toBe(1);
    expect(failed.step('find-instance')).toMatchObject({ status: 'ok', outputs: { instanceId: node.instanceId, name: NODE } });
    expect(failed.step('session-manager-plugin').error?.message).toMatch(/^session-manager-plugin was not found on the PATH\. Install the Session Manager plugin/);
    expect(failed.step('ssh-config').status).toBe('pending');

    const plugin = fakePlugin();
    process.env.PATH = `${plugin.dir}:${before}`;
    try {
      const resumed = await runOnMoto(moto.current, dir, ['resume', failed.runId, '--non-interactive']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(statuses(resumed.state)).toMatchObject({ 'find-instance': 'ok', 'session-manager-plugin': 'ok', 'ssh-config': 'changed' });
      path = String(resumed.step('ssh-config').outputs.path);
      expect(writesSent(resumed.state)).toEqual([]);
    } finally {
      process.env.PATH = before;
    }
  });

  it("writes the ssh config block for the node with the run's region and endpoint, and a second run changes nothing", async () => {
    const block = readFileSync(path, 'utf8');
    expect(block).toContain(`Host ${NODE}\n    HostName ${node.instanceId}\n    User ec2-user\n`);
    expect(block).toContain(`--parameters 'portNumber=%p' --region us-east-1 --endpoint-url ${moto.current.endpoint}"`);
    const plugin = fakePlugin();
    const before = process.env.PATH;
    process.env.PATH = `${plugin.dir}:${before}`;
    try {
      const again = await runOnMoto(moto.current, dir, RUN);
      expect(again.code, again.stderr).toBe(0);
      expect(again.step('ssh-config').status).toBe('ok');
      expect(writesSent(again.state)).toEqual([]);
    } finally {
      process.env.PATH = before;
    }
  });

  it("with the region only in the profile's config (--profile ops, no --region, no AWS_REGION), the block, the state and the report all name it", async () => {
    const home = tempStateDir('tunnel-moto-home-');
    writeFileSync(join(home, 'config'), '[profile ops]\nregion = us-east-1\n');
    writeFileSync(join(home, 'credentials'), '[ops]\naws_access_key_id = test\naws_secret_access_key = test\n');
    const plugin = fakePlugin();
    const restore = setEnv({ AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, PATH: `${plugin.dir}:${process.env.PATH}` });
    try {
      const other = tempStateDir('tunnel-moto-profile-');
      const report = join(other, 'report.json');
      const result = await runCli([...RUN, '--profile', 'ops', '--endpoint-url', moto.current.endpoint, '--state-dir', other, '--report', `json=${report}`]);
      expect(result.code, result.stderr).toBe(0);
      const state = readState(other, runIdOf(result));
      const block = readFileSync(String(state.steps.find((x) => x.id === 'ssh-config')!.outputs.path), 'utf8');
      expect(block).toContain(`--region us-east-1 --profile ops --endpoint-url ${moto.current.endpoint}"`);
      expect(state.target).toMatchObject({ region: 'us-east-1', profile: 'ops' });
      expect(JSON.parse(readFileSync(report, 'utf8')).target).toMatchObject({ region: 'us-east-1' });
    } finally {
      restore();
    }
  });

  it('port-forward: the dry-run plans the session; the real run stops with one sentence, moto has no StartSession, and nothing is spawned', async () => {
    const plugin = fakePlugin();
    const before = process.env.PATH;
    process.env.PATH = `${plugin.dir}:${before}`;
    try {
      const dry = await runOnMoto(moto.current, dir, [...RUN, '--param', 'mode=port-forward', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.step('port-forward').plan?.[0]).toMatchObject({ operation: 'StartSession', input: { Target: node.instanceId } });
      const real = await runOnMoto(moto.current, dir, [...RUN, '--param', 'mode=port-forward']);
      expect(real.code).toBe(1);
      expect(real.step('port-forward').error?.message).toMatch(/^ssm:StartSession at http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 with text\/html content that is not an AWS response: the endpoint does not seem to implement StartSession\.$/);
      expect(plugin.ran()).toBe(false);
    } finally {
      process.env.PATH = before;
    }
  });
});
