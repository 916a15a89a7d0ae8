import { describe, expect, it } from 'vitest';
import { manualInstructions, manualKind } from '../../../src/steps/manual/manual.js';
import { mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { manual } from '../../../src/steps/manual/index.js';

const input = {
  instructions: 'Open {{CONSOLE_URL}} and set the session store of **{{environment}}** to `{{REDIS_HOST}}`; keep {{UNKNOWN}} as is.',
  vars: { CONSOLE_URL: 'https://console.aws.amazon.com/elasticbeanstalk', environment: 'sessions-env', REDIS_HOST: '172.31.5.10' },
};
const filled = 'Open https://console.aws.amazon.com/elasticbeanstalk and set the session store of **sessions-env** to `172.31.5.10`; keep {{UNKNOWN}} as is.';

describe('manual', () => {
  it('is never done by itself, and touches no AWS service', async () => {
    resetMocks();
    const ctx = stepContext();
    for (let i = 0; i < 2; i++)
      await expect(manualKind.check(ctx, input)).resolves.toEqual({ done: false, reason: 'Waiting for an operator to do this and acknowledge it.' });
    expect(Object.values(mocks).every((m) => m.calls().length === 0)).toBe(true);
    expect(manualKind.apply).toBeUndefined();
    expect(manual('x', { covers: '1' } as never).mutating).toBe(false);
  });

  it('plans an acknowledgement with the instructions, {{vars}} filled', () => {
    expect(manualKind.plan(input, undefined)).toEqual([{ service: 'operator', operation: 'Acknowledge', input: { instructions: filled } }]);
    expect(manualKind.instructions!(input)).toBe(filled);
  });

  it('leaves instructions without vars as written', () => {
    expect(manualInstructions({ instructions: 'Rotate {{KEY}} by hand.' })).toBe('Rotate {{KEY}} by hand.');
  });

  it('is done, with that as evidence, when an earlier step already knows it is (alreadyDone); empty, it waits', async () => {
    expect(await manualKind.check(stepContext(), { ...input, alreadyDone: 'Proven by drill r1.' })).toEqual({ done: true, outputs: {}, evidence: ['Proven by drill r1.'] });
    expect(await manualKind.check(stepContext(), { ...input, alreadyDone: '' })).toMatchObject({ done: false });
  });
});
