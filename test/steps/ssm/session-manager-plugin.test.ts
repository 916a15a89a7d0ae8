import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsSession } from '../../../src/aws/session.js';
import { sessionManagerPluginKind } from '../../../src/steps/ssm/session-manager-plugin.js';
import { stepContext } from '../../helpers/step-context.js';
import { fakePlugin } from './plugin-fixture.js';

const inSandbox = () => ({ ...stepContext(), aws: new AwsSession({ target: {}, backend: { region: 'us-east-1', handle: async () => ({}) } }) });

describe('ssm.sessionManagerPlugin', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is done when the plugin is on the PATH, with its version', async () => {
    const plugin = fakePlugin();
    vi.stubEnv('PATH', plugin.path);
    await expect(sessionManagerPluginKind.check(stepContext(), {})).resolves.toEqual({
      done: true,
      outputs: { path: `${plugin.dir}/session-manager-plugin` },
      evidence: [`session-manager-plugin 1.2.707.0 at ${plugin.dir}/session-manager-plugin`],
    });
  });

  it('fails with what to install when it is missing', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    const result = await sessionManagerPluginKind.check(stepContext(), {});
    expect(result).toMatchObject({ done: false, reason: expect.stringMatching(/^session-manager-plugin was not found on the PATH\. Install the Session Manager plugin for the AWS CLI \(https:\/\/docs\.aws\.amazon\.com\/.*brew install --cask session-manager-plugin/) });
    expect(sessionManagerPluginKind.apply).toBeUndefined();
  });

  it('in the sandbox, says it is missing and not needed for the simulated sessions', async () => {
    vi.stubEnv('PATH', '/nonexistent');
    const result = await sessionManagerPluginKind.check(inSandbox(), {});
    expect(result).toMatchObject({ done: true, outputs: { path: '' }, evidence: [expect.stringMatching(/^\[sandbox\] session-manager-plugin is not on the PATH\. The sandbox simulates sessions/)] });
  });
});
