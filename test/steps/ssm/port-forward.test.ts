import { StartSessionCommand, TerminateSessionCommand } from '../../../src/aws/sdk/ssm.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsSession } from '../../../src/aws/session.js';
import { portForwardKind, SessionError, type PortForwardInput } from '../../../src/steps/ssm/port-forward.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { fakePlugin, type FakePlugin } from './plugin-fixture.js';

const INSTANCE = 'i-0abc0000000000001';
const input: PortForwardInput = { instanceId: INSTANCE, remotePort: 22, localPort: 9999 };
const TOKEN = 'AAEAAeF0-session-token-never-on-argv';
const started = { SessionId: 'operator-0a1b2c3d4e5f67890', StreamUrl: 'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/operator-0a1b2c3d4e5f67890', TokenValue: TOKEN };

describe('ssm.portForward', () => {
  let plugin: FakePlugin;
  beforeEach(() => {
    resetMocks();
    plugin = fakePlugin();
    vi.stubEnv('PATH', plugin.path);
    mocks.ssm.on(StartSessionCommand).resolves(started);
    mocks.ssm.on(TerminateSessionCommand).resolves({ SessionId: started.SessionId });
  });
  afterEach(() => vi.unstubAllEnvs());

  it('plans StartSession with AWS-StartPortForwardingSession and the plugin, and is never "already done"', async () => {
    await expect(portForwardKind.check(stepContext(), input)).resolves.toMatchObject({ done: false });
    const plan = portForwardKind.plan(input, undefined);
    expect(plan[0]).toEqual({ service: 'ssm', operation: 'StartSession', input: { Target: INSTANCE, DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['22'], localPortNumber: ['9999'] } } });
    expect(plan[1]).toMatchObject({ service: 'local', operation: 'Spawn', input: { command: 'session-manager-plugin' } });
  });

  it('runs the plugin on the session: the token only in its environment, never on its command line; then terminates the session', async () => {
    const ctx = stepContext();

    const outputs = await portForwardKind.apply!(ctx, input, undefined);

    expect(outputs).toEqual({ simulated: false });
    expect(mocks.ssm.commandCalls(StartSessionCommand)[0]!.args[0].input).toEqual({ Target: INSTANCE, DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['22'], localPortNumber: ['9999'] } });
    const argv = plugin.argv();
    expect(argv).toEqual([
      'AWS_SSM_START_SESSION_RESPONSE',
      'us-east-1',
      'StartSession',
      '',
      JSON.stringify({ Target: INSTANCE, DocumentName: 'AWS-StartPortForwardingSession', Parameters: { portNumber: ['22'], localPortNumber: ['9999'] } }),
      'https://ssm.us-east-1.amazonaws.com',
    ]);
    expect(argv.join(' ')).not.toContain(TOKEN);
    expect(plugin.response()).toMatchObject({ SessionId: started.SessionId, TokenValue: TOKEN, StreamUrl: started.StreamUrl });
    expect(ctx.secrets).toEqual([TOKEN]);
    expect(ctx.progressLines).toContain(`Starting session with SessionId: ${started.SessionId}`);
    expect(mocks.ssm.commandCalls(TerminateSessionCommand).map((c) => c.args[0].input)).toEqual([{ SessionId: started.SessionId }]);
    await expect(portForwardKind.verify!(ctx, input, outputs)).resolves.toEqual({ ok: true, evidence: [`localhost:9999 -> ${INSTANCE}:22 (ended)`] });
  });

  it('fails before opening any session when the plugin is missing, saying what to install', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    const apply = portForwardKind.apply!(stepContext(), input, undefined);
    await expect(apply).rejects.toBeInstanceOf(SessionError);
    await expect(apply).rejects.toThrow(/session-manager-plugin was not found on the PATH\. Install the Session Manager plugin/);
    expect(mocks.ssm.commandCalls(StartSessionCommand)).toHaveLength(0);
  });

  it('fails when the plugin fails, and still terminates the session', async () => {
    vi.stubEnv('FAKE_PLUGIN_EXIT', '1');
    await expect(portForwardKind.apply!(stepContext(), input, undefined)).rejects.toThrow(`session-manager-plugin exited with code 1 (session ${started.SessionId}).`);
    expect(mocks.ssm.commandCalls(TerminateSessionCommand)).toHaveLength(1);
  });

  it('ends the plugin on Ctrl-C (the run\'s abort), then terminates the session', async () => {
    vi.stubEnv('FAKE_PLUGIN_SECONDS', '30');
    const controller = new AbortController();
    const ctx = { ...stepContext(), signal: controller.signal };
    setTimeout(() => controller.abort(), 300);
    const began = Date.now();

    await expect(portForwardKind.apply!(ctx, input, undefined)).resolves.toEqual({ simulated: false });

    expect(Date.now() - began).toBeLessThan(10_000);
    expect(mocks.ssm.commandCalls(TerminateSessionCommand)).toHaveLength(1);
  });

  it('in the sandbox: says the session is simulated, spawns nothing, terminates it', async () => {
    const ctx = { ...stepContext(), aws: new AwsSession({ target: {}, backend: { region: 'us-east-1', handle: async () => ({}) } }) };
    const sandboxSsm = vi.spyOn(ctx.aws.ssm, 'send').mockImplementation((async (command: object) => (command instanceof StartSessionCommand ? started : { SessionId: started.SessionId })) as never);

    const outputs = await portForwardKind.apply!(ctx as never, input, undefined);

    expect(outputs).toEqual({ simulated: true });
    expect(plugin.ran()).toBe(false);
    expect(ctx.progressLines.join('\n')).toMatch(/^\[sandbox\] Session operator-0a1b2c3d4e5f67890 is simulated: nothing was spawned and localhost:9999 is not open/);
    expect(sandboxSsm.mock.calls.map(([c]) => (c as object).constructor.name)).toEqual(['StartSessionCommand', 'TerminateSessionCommand']);
  });

  it('passes AWS errors on', async () => {
    const offline = awsError('TargetNotConnected', `${INSTANCE} is not connected.`);
    mocks.ssm.on(StartSessionCommand).rejects(offline);
    await expect(portForwardKind.apply!(stepContext(), input, undefined)).rejects.toBe(offline);
    expect(plugin.ran()).toBe(false);
  });
});
