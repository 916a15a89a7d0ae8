/**
 * lamp-ssm-tunnel against moto, on a node lamp-swarm-node launched there:
 * the node is found by its Name tag; the ~/.ssh/config block names the
 * run's region and endpoint (a user pointing the CLI at an emulator gets an
 * ssh that goes there too); port forwarding stops with one sentence, since
 * moto has no StartSession. Without the Session Manager plugin the run stops
 * with the install hint, and the resume continues once it is on the PATH.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempStateDir } from '../../../test/helpers/cli.js';
import { motoClients, runOnMoto, statuses, writesSent, type MotoClients } from '../../../test/emulator/cli.js';
import { motoAvailable, useMoto } from '../../../test/emulator/moto.js';
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
