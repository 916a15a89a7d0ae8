import { beforeEach, describe, expect, it } from 'vitest';
import { ReadSecretError, readSecretKind, type ReadSecretInput } from '../../../src/steps/ssm/read-secret.js';
import { resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { fakeHost, INSTANCE_ID, shellScript } from './fake-host.js';
import { readSecret } from '../../../src/steps/ssm/index.js';

const TOKEN = 'SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx';
const input: ReadSecretInput = { instanceId: INSTANCE_ID, what: 'the worker join token', script: shellScript('lamp-swarm-node/swarm-join-token'), pattern: '^SWMTKN-1-[0-9a-z]+-[0-9a-z]+$' };

describe('ssm.readSecret', () => {
  beforeEach(resetMocks);

  it('reads the value with a read-only probe, registers it as a secret, and keeps it out of the evidence', async () => {
    const host = fakeHost({ 'lamp-swarm-node/swarm-join-token': [{ exitCode: 0, stdout: `[sandbox] simulated output\n${TOKEN}\n` }] });
    const ctx = stepContext();

    const result = await readSecretKind.check(ctx, input);

    expect(result).toEqual({ done: true, outputs: { value: TOKEN }, evidence: [`read the worker join token from ${INSTANCE_ID} (85 characters, kept in memory only)`] });
    expect(ctx.secrets).toEqual([TOKEN]);
    expect(readSecretKind.secretOutputs).toEqual(['value']);
    expect(readSecret('x', { covers: '1' } as never).mutating).toBe(false);
    expect(host.sent[0]!.input.Comment).toBe('runbook test-runbook step-under-test probe');
  });

  it('refuses output that is not the expected value without showing it', async () => {
    fakeHost({ 'lamp-swarm-node/swarm-join-token': [{ exitCode: 0, stdout: 'SWMTKN-2-not-a-token\n' }] });
    const check = readSecretKind.check(stepContext(), input);
    await expect(check).rejects.toBeInstanceOf(ReadSecretError);
    await expect(check).rejects.toThrow('lamp-swarm-node/swarm-join-token on i-0123456789abcdef0 printed something that is not the worker join token (20 characters, not shown).');
  });

  it('fails with the error the host printed when the script fails', async () => {
    fakeHost({ 'lamp-swarm-node/swarm-join-token': [{ exitCode: 1, stderr: 'Error response from daemon: This node is not a swarm manager.' }] });
    await expect(readSecretKind.check(stepContext(), input)).rejects.toThrow(/Reading the worker join token on i-0123456789abcdef0 failed \(Failed, exit 1\): Error response from daemon: This node is not a swarm manager\./);
  });
});
