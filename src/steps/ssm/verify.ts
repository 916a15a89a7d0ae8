/**
 * `ssm.verify`: a verification on the host (`lsof -i :6379`, `redis-cli ping`,
 * `mountpoint`), on one instance or on each of a fleet (by ids or by tag, as
 * one SSM command). It only reads; when an output is not as expected the
 * step fails and shows the command's output.
 */
import { type StepKind } from '../../engine/model/step.js';
import type { ShellScript } from '../../aws/shell.js';
import { outputTail } from '../../aws/ssm-run.js';
import type { Expectation } from './expectations.js';
import { hostDetail, hostsOf, listInstances, probeHosts, ran, type HostsInput } from './hosts.js';

/** No maxErrors: a probe goes to every instance whatever some answer (see probeHosts). */
export interface VerifyInput extends Omit<HostsInput, 'maxErrors'> {
  probe: ShellScript;
  expect: Expectation;
}

export type VerifyOutputs = Record<string, never>;

const kind: StepKind<VerifyInput, VerifyOutputs> = {
  async check(ctx, input) {
    // For a runbook written without the types: an ignored limit would read as if it held.
    if ('maxErrors' in input) throw new Error('ssm.verify takes no maxErrors: a verification asks every instance, whatever some of them answer.');
    const hosts = hostsOf('ssm.verify', input);
    const results = (await probeHosts(ctx, hosts, input.probe)).map((r) => ({
      ...r,
      failure: ran(r) ? input.expect.test(r.stdout, r.exitCode) : `the probe did not run there (${hostDetail(r)})`,
    }));
    const several = !('one' in hosts);
    if (several) for (const r of results) ctx.host(r.instanceId, r.failure ? { status: 'failed', detail: r.failure } : { status: 'ok', detail: outputTail(r, 1) });
    const failed = results.filter((r) => r.failure);
    // A fleet's evidence shows the instances that failed (or the first few), not fifty identical outputs.
    const shown = several && results.length > 3 ? (failed.length ? failed : results).slice(0, 3) : results;
    const evidence = shown.map((r) => (several ? `${r.instanceId}:\n${outputTail(r, 40)}` : outputTail(r, 40)));
    if (!failed.length) return { done: true, outputs: {}, evidence: several && results.length > 3 ? [`All ${results.length} instances: ${input.expect.describe}.`, ...evidence] : evidence };
    const where = several ? `${failed.length === 1 ? failed[0]!.instanceId : `${failed.length} of ${results.length} instances (${listInstances(failed.map((r) => r.instanceId))})`}: ` : '';
    return { done: false, reason: `${where}${input.expect.describe}: ${failed[0]!.failure}`, evidence };
  },
  plan: () => [],
};

export { kind as verifyKind };
