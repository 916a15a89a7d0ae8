/**
 * lamp-ssm-tunnel end to end in the sandbox, on a node lamp-swarm-node made:
 * the default writes the ~/.ssh/config block and changes nothing again; a
 * dry-run sends no write; port-forward answers with a simulated session and
 * spawns nothing; a fault and a resume open one session.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mutatingCallsSent, readState, runCli, runIdOf, sandboxAccount, tempStateDir } from '../../../test/helpers/cli.js';

const NODE = 'node-01.example.com';
const tunnel = (dir: string, ...params: string[]) => ['run', 'lamp-ssm-tunnel', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `instance=${NODE}`, ...params];

describe('lamp-ssm-tunnel on a lamp-swarm-node node', () => {
  const dir = tempStateDir();
  let instanceId = '';

  beforeAll(async () => {
    const made = await runCli(['run', 'lamp-swarm-node', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `dnsName=${NODE}`, '--param', 'hostedZone=example.com']);
    expect(made.code, made.stderr).toBe(0);
    instanceId = Object.keys(sandboxAccount(dir).regions['us-east-1']!.instances)[0]!;
  });

  it('by default writes the ~/.ssh/config block that tunnels SSH through SSM, and a re-run changes nothing', async () => {
    const first = await runCli(tunnel(dir));
    expect(first.code, first.stderr).toBe(0);
    const state = readState(dir, runIdOf(first));
    const config = state.steps.find((s) => s.id === 'ssh-config')!;
    expect(config.status).toBe('changed');
    const path = String(config.outputs.path);
    expect(path).toMatch(/output\/lamp-ssm-tunnel\/ssh-config\/node-01\.example\.com\.conf$/);
    const block = readFileSync(path, 'utf8');
    expect(block).toContain(`Host ${NODE}\n    HostName ${instanceId}\n    User ec2-user\n`);
    expect(block).toContain(`ProxyCommand sh -c "aws ssm start-session --target %h --document-name AWS-StartSSHSession --parameters 'portNumber=%p' --region us-east-1"`);
    expect(state.steps.find((s) => s.id === 'session-manager-plugin')?.evidence.join('\n')).toMatch(/sandbox.*Install the Session Manager plugin/s);
    expect(mutatingCallsSent(state)).toEqual([]);

    const again = await runCli(tunnel(dir));
    expect(again.code, again.stderr).toBe(0);
    expect(readState(dir, runIdOf(again)).steps.find((s) => s.id === 'ssh-config')?.status).toBe('ok');
  });

  it('port-forward: a simulated session, said so, nothing spawned, terminated, no token kept', async () => {
    const result = await runCli(tunnel(dir, '--param', 'mode=port-forward', '--param', 'localPort=10022'));
    expect(result.code, result.stderr).toBe(0);
    const state = readState(dir, runIdOf(result));
    const session = state.steps.find((s) => s.id === 'port-forward')!;
    expect(session.calls.filter((c) => c.mutating && c.sent).map((c) => c.operation)).toEqual(['StartSession', 'TerminateSession']);
    expect(session.evidence.join('\n')).toMatch(new RegExp(`localhost:10022 -> ${instanceId}:22 \\(simulated by the sandbox; nothing was spawned\\)`));
    expect(JSON.stringify(state)).not.toMatch(/TokenValue|StreamUrl|wss:/);
  });

  it('--dry-run shows the session it would open and sends nothing', async () => {
    const dry = await runCli(tunnel(dir, '--param', 'mode=port-forward', '--dry-run'));
    expect(dry.code, dry.stderr).toBe(0);
    const state = readState(dir, runIdOf(dry));
    expect(mutatingCallsSent(state)).toEqual([]);
    const plan = state.steps.find((s) => s.id === 'port-forward')?.plan ?? [];
    expect(plan[0]).toMatchObject({ operation: 'StartSession', input: { Target: instanceId, DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['22'], localPortNumber: ['9999'] } } });
    expect(plan[1]).toMatchObject({ operation: 'Spawn', input: { command: 'session-manager-plugin', args: expect.arrayContaining(['AWS_SSM_START_SESSION_RESPONSE', 'StartSession']) } });
  });

  it('after a fault on StartSession, the resume opens one session', async () => {
    const failed = await runCli(tunnel(dir, '--param', 'mode=port-forward', '--sandbox-fault', 'port-forward'));
    expect(failed.code).toBe(1);
    const runId = runIdOf(failed);
    const resumed = await runCli(['resume', runId, '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const calls = readState(dir, runId).steps.find((s) => s.id === 'port-forward')!.calls.filter((c) => c.operation === 'StartSession');
    expect(calls.map((c) => c.errorName ?? 'ok')).toEqual(['SimulatedFault', 'ok']);
  });

  it('fails clearly when no running instance has the name', async () => {
    const result = await runCli(['run', 'lamp-ssm-tunnel', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', 'instance=node-09.example.com']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No running instance tagged Name=node-09.example.com/);
  });
});
