/**
 * `ssm.rebootCheck`: reboot the instance once and prove that what was set up
 * comes back by itself. `since` is a probe that holds once the host has booted
 * after the setup; when it already holds (a reboot was proven before) the
 * step only re-runs the checks, so a second run does not reboot again.
 */
import { RebootInstancesCommand } from '../../aws/sdk/ec2.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import type { ShellScript } from '../../aws/shell.js';
import { ssmPingStatus } from '../../aws/ssm-agent.js';
import { outputTail, runScript } from '../../aws/ssm-run.js';
import { waitFor } from '../../aws/wait.js';
import type { Expectation } from './expectations.js';
import { probe, ScriptFailedError } from './script.js';

export interface RebootCheckInput {
  instanceId: string;
  since: ShellScript;
  checks: { probe: ShellScript; expect: Expectation }[];
}

export type RebootCheckOutputs = Record<string, never>;

export class RebootCheckFailed extends Error {
  override name = 'VerificationFailed';
}

async function runChecks(ctx: StepContext, input: RebootCheckInput): Promise<{ evidence: string[]; failures: string[] }> {
  const evidence: string[] = [];
  const failures: string[] = [];
  for (const c of input.checks) {
    const result = await runScript(ctx, input.instanceId, c.probe, { probe: true, timeoutSeconds: 120 });
    evidence.push(`$ ${c.probe.name}\n${outputTail(result, 20)}`);
    const failure = c.expect.test(result.stdout, result.exitCode);
    if (failure) failures.push(`${c.expect.describe}: ${failure}`);
  }
  return { evidence, failures };
}

const kind: StepKind<RebootCheckInput, RebootCheckOutputs> = {
  async check(ctx, input) {
    const since = await probe(ctx, input.instanceId, input.since);
    if (!since.holds) return { done: false, reason: `No reboot since the setup yet (${outputTail(since, 1)}).` };
    const { evidence, failures } = await runChecks(ctx, input);
    if (failures.length) throw new RebootCheckFailed(`After the reboot: ${failures.join('; ')}\n${evidence.join('\n')}`);
    return { done: true, outputs: {}, evidence: [`rebooted after setup: ${outputTail(since, 1)}`, ...evidence] };
  },
  plan: (input) => [{ service: 'ec2', operation: 'RebootInstances', input: { InstanceIds: [input.instanceId] }, note: 'then the checks run again' }],
  async apply(ctx, input) {
    await ctx.aws.ec2.send(new RebootInstancesCommand({ InstanceIds: [input.instanceId] }));
    await waitFor(ctx, {
      what: `${input.instanceId} to reboot`,
      minDelay: 5,
      maxDelay: 15,
      maxWait: 900,
      poll: async () => {
        const ping = await ssmPingStatus(ctx, input.instanceId);
        if (ping !== 'Online') return { done: false, status: `SSM agent ${ping}` };
        try {
          const since = await probe(ctx, input.instanceId, input.since);
          return since.holds ? { done: true, value: undefined } : { done: false, status: 'not rebooted yet' };
        } catch (err) {
          // The agent can report Online for a moment while the host goes down; a probe caught by
          // the reboot is refused, cancelled or cut short. All of that is "not back yet".
          if (hasErrorName(err, 'InvalidInstanceId') || err instanceof ScriptFailedError) return { done: false, status: 'going down' };
          throw err;
        }
      },
    });
    return {};
  },
  async verify(ctx, input) {
    const { evidence, failures } = await runChecks(ctx, input);
    return { ok: failures.length === 0, evidence, ...(failures.length ? { reason: `After the reboot: ${failures.join('; ')}` } : {}) };
  },
};

export { kind as rebootCheckKind };
