/**
 * `ssm.verify`: a verification on the host (`lsof -i :6379`, `redis-cli ping`,
 * `mountpoint`), on one instance or on each of several. It only reads; when
 * an output is not as expected the step fails and shows the command's output.
 */
import { type StepKind } from '../../engine/model/step.js';
import type { ShellScript } from '../../aws/shell.js';
import { outputTail, runScript } from '../../aws/ssm-run.js';
import type { Expectation } from './expectations.js';

export interface VerifyInput {
  /** The instance to check, or */
  instanceId?: string;
  /** every one of these (the instances behind a load balancer). */
  instanceIds?: string[];
  probe: ShellScript;
  expect: Expectation;
}

export type VerifyOutputs = Record<string, never>;

function targets(input: VerifyInput): string[] {
  const ids = input.instanceIds ?? (input.instanceId ? [input.instanceId] : []);
  if (!ids.length || (input.instanceId && input.instanceIds)) throw new Error(`ssm.verify needs one instanceId or a non-empty instanceIds, not ${input.instanceId && input.instanceIds ? 'both' : 'neither'}.`);
  return ids;
}

const kind: StepKind<VerifyInput, VerifyOutputs> = {
  async check(ctx, input) {
    const ids = targets(input);
    const results = await Promise.all(
      ids.map(async (id) => {
        const result = await runScript(ctx, id, input.probe, { probe: true, timeoutSeconds: 120 });
        return { id, output: outputTail(result, 40), failure: input.expect.test(result.stdout, result.exitCode) };
      }),
    );
    const several = input.instanceIds !== undefined;
    const evidence = results.map((r) => (several ? `${r.id}:\n${r.output}` : r.output));
    const failed = results.find((r) => r.failure);
    if (failed) return { done: false, reason: `${several ? `${failed.id}: ` : ''}${input.expect.describe}: ${failed.failure}`, evidence };
    return { done: true, outputs: {}, evidence };
  },
  plan: () => [],
};

export { kind as verifyKind };
