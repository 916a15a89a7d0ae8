/**
 * `ssm.verify`: a verification on the host (`lsof -i :6379`, `redis-cli ping`).
 * It only reads; when the output is not as expected the step fails and shows
 * the command's output.
 */
import { defineStepKind, type StepKind } from '../../engine/model.js';
import type { ShellScript } from '../../aws/shell.js';
import { outputTail, runScript } from '../../aws/ssm-run.js';
import type { Expectation } from './expectations.js';

export interface VerifyInput {
  instanceId: string;
  probe: ShellScript;
  expect: Expectation;
}

export type VerifyOutputs = Record<string, never>;

const kind: StepKind<VerifyInput, VerifyOutputs> = {
  kind: 'ssm.verify',
  mutating: false,
  async check(ctx, input) {
    const result = await runScript(ctx, input.instanceId, input.probe, { probe: true, timeoutSeconds: 120 });
    const output = outputTail(result, 40);
    const failure = input.expect.test(result.stdout, result.exitCode);
    if (failure) return { done: false, reason: `${input.expect.describe}: ${failure}`, evidence: [output] };
    return { done: true, outputs: {}, evidence: [output] };
  },
  plan: () => [],
};

export const verify = defineStepKind(kind, { title: (id, input) => (typeof input.expect === 'object' && 'describe' in input.expect ? `Verify: ${String(input.expect.describe)}` : id) });
export { kind as verifyKind };
