/**
 * Faults injected into every call: throttling and not-yet-visible resources
 * must heal by retrying, and an answer paged one item at a time must be read
 * to its last page; an access denied must not: exit 1, one sentence
 * naming the action, state saved, no later step attempted, and the resume
 * after the fault is cleared completes.
 */
import { describe, expect, it } from 'vitest';
import { toJsonReport } from '../../src/report/json.js';
import { tempStateDir, sandboxAccount } from '../helpers/cli.js';
import { fingerprint, runInProcess } from './harness.js';
import { SCENARIOS } from './scenarios.js';

/** lamp-ssm-tunnel reads only lists of one item (its one instance, by id): no list of it has a second page. */
const MULTI_ITEM_LISTS = new Set(SCENARIOS.map((s) => s.runbook).filter((id) => id !== 'lamp-ssm-tunnel'));

// The runbooks side by side (each run has its own state dir and account): a run mostly waits on the simulated clock.
describe.concurrent.each(SCENARIOS)('$runbook under faults', (scenario) => {
  it('completes with every call throttled once, new resources invisible for a while, and one item per page of every paginated answer; retries in the report', async () => {
    const clean = tempStateDir('clean-');
    await scenario.setup?.(clean);
    const cleanRun = await runInProcess({ scenario, stateDir: clean });
    expect(cleanRun.exitCode).toBe(0);

    const dir = tempStateDir('throttle-');
    await scenario.setup?.(dir);
    const nextPages: string[] = [];
    const result = await runInProcess({ scenario, stateDir: dir, faults: { throttle: true, eventualConsistency: { notVisibleForSeconds: 5 }, smallPages: 1, onNextPage: (c) => nextPages.push(`${c.service}:${c.operation}`) } });
    expect(result.exitCode, result.message).toBe(0);
    const report = toJsonReport(result.state);
    const sent = [...report.runCalls, ...report.steps.flatMap((s) => s.calls)].filter((c) => c.sent);
    expect(sent.length).toBeGreaterThan(0);
    // Every call was throttled once and retried by the SDK; the report shows each retry.
    for (const c of sent) expect(c.attempts, `${c.service}:${c.operation}`).toBeGreaterThanOrEqual(2);
    expect(report.summary.retries).toBeGreaterThanOrEqual(sent.length);
    expect(fingerprint(sandboxAccount(dir))).toEqual(fingerprint(sandboxAccount(clean)));
    // Pages of one item: wherever a list held more than one, the next page was asked for by its token. (A count of reads
    // against the clean run's would depend on how often each wait happened to poll.)
    if (MULTI_ITEM_LISTS.has(scenario.runbook)) expect(nextPages.length, 'pages read by token').toBeGreaterThan(0);
  });

  it('stops at a denied write with one sentence naming the action, and resumes once it is allowed', async () => {
    const dir = tempStateDir('deny-');
    await scenario.setup?.(dir);
    const probeDir = tempStateDir('deny-probe-');
    await scenario.setup?.(probeDir);
    const clean = await runInProcess({ scenario, stateDir: probeDir });
    // Deny the first write the runbook makes after its first step.
    const firstWrite = clean.state.steps.flatMap((s) => s.calls).find((c) => c.mutating && c.sent)!;
    const action = `${firstWrite.service}:${firstWrite.operation}`;
    const failed = await runInProcess({ scenario, stateDir: dir, faults: { deny: [action] } });
    expect(failed.exitCode).toBe(1);
    expect(failed.status).toBe('failed');
    const step = failed.state.steps.find((s) => s.status === 'failed')!;
    expect(step.id).toBe(firstWrite.stepId);
    expect(step.error?.message).toMatch(new RegExp(`^Access denied calling ${action}: the caller is not allowed to perform ${action}`));
    expect(step.error?.message.split('\n')).toHaveLength(1);
    // Nothing changed after the failure: no step left pending sent a write.
    const notRun = failed.state.steps.filter((s) => s.status === 'pending');
    for (const s of notRun) expect(s.calls.filter((c) => c.mutating && c.sent), `writes of ${s.id}`).toEqual([]);

    const resumed = await runInProcess({ scenario, stateDir: dir, resumeRunId: failed.runId });
    expect(resumed.exitCode, resumed.message).toBe(0);
  });
});

describe.concurrent.each(SCENARIOS)('$runbook leaves a safe account', (scenario) => {
  it('requires IMDSv2 and encrypts every volume of every instance; opens nothing but 80 and 443 to the internet', async () => {
    const dir = tempStateDir('policy-');
    await scenario.setup?.(dir);
    expect((await runInProcess({ scenario, stateDir: dir })).exitCode).toBe(0);
    for (const region of Object.values(sandboxAccount(dir).regions)) {
      for (const i of Object.values(region.instances)) expect(i.MetadataOptions.HttpTokens, i.InstanceId).toBe('required');
      for (const v of Object.values(region.volumes)) expect(v.Encrypted, v.VolumeId).toBe(true);
      for (const g of Object.values(region.securityGroups))
        for (const r of g.ingress)
          if (r.CidrIpv4 === '0.0.0.0/0' || r.CidrIpv6 === '::/0') expect([80, 443], `${g.GroupName} ${r.FromPort}`).toContain(r.FromPort);
    }
  });
});
