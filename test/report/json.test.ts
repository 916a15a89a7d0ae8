import { describe, expect, it } from 'vitest';
import { REPORT_VERSION, toJsonReport } from '../../src/report/json.js';
import { dryRun, failedRun, needsOperatorRun, succeededRun } from './fixtures.js';

describe('toJsonReport', () => {
  it('reports an applied run with its target, steps and calls', () => {
    const r = toJsonReport(succeededRun());
    expect(r.reportVersion).toBe(REPORT_VERSION);
    expect(r).toMatchObject({
      runId: 'efs-20250304-0900-ab12',
      runbook: { id: 'efs-shared', title: 'Shared EFS storage for the web tier' },
      mode: 'apply',
      status: 'succeeded',
      startedAt: '2025-03-04T09:00:00.000Z',
      finishedAt: '2025-03-04T09:03:05.000Z',
      durationMs: 185_000,
      target: { sandbox: false, region: 'eu-west-1', account: '123456789012', callerArn: 'arn:aws:sts::123456789012:assumed-role/Ops/alice' },
      error: null,
    });
    expect(r.steps.map((s) => [s.id, s.status])).toEqual([
      ['sg', 'changed'],
      ['fs', 'ok'],
      ['mount', 'changed'],
      ['eb', 'skipped'],
    ]);
    const create = r.steps[0]!.calls[1]!;
    expect(create).toMatchObject({ service: 'ec2', operation: 'CreateSecurityGroup', mutating: true, sent: true, attempts: 3, retries: 2, errorName: null });
    expect(r.steps[2]!.calls[1]).toMatchObject({ operation: 'SendCommand', probe: true, mutating: false });
    expect(r.steps[3]!.reason).toBe('ebApplication is not given.');
    expect(r.runCalls).toEqual([expect.objectContaining({ service: 'sts', operation: 'GetCallerIdentity', retries: 0 })]);
  });

  it('counts steps by status and calls by kind, run-level calls included', () => {
    const { summary } = toJsonReport(succeededRun());
    expect(summary.steps).toEqual({ total: 4, pending: 0, ok: 1, changed: 2, skipped: 1, failed: 0, 'manual-pending': 0, planned: 0 });
    // sts(1) + sg(3) + fs(1) + mount(3)
    expect(summary).toMatchObject({ calls: 8, mutatingCallsSent: 3, mutatingCallsRefused: 0, readCalls: 4, probes: 1, retries: 3, errors: 0 });
    expect(summary.mutatingCallsSent + summary.mutatingCallsRefused + summary.readCalls + summary.probes).toBe(summary.calls);
  });

  it('reports a failed run with the step error and the failed call', () => {
    const r = toJsonReport(failedRun());
    expect(r.status).toBe('failed');
    expect(r.error).toEqual({ name: 'AccessDeniedException', message: expect.stringContaining('CreateFileSystem'), stepId: 'fs' });
    expect(r.steps[1]!.error?.name).toBe('AccessDeniedException');
    expect(r.summary.errors).toBe(1);
    expect(r.summary.steps).toMatchObject({ changed: 1, failed: 1, pending: 1 });
    expect(r.steps[2]).toMatchObject({ status: 'pending', reason: null, durationMs: null, plan: null, drift: null });
  });

  it('counts refused writes apart from sent ones in a dry-run and keeps the plan', () => {
    const r = toJsonReport(dryRun());
    expect(r.mode).toBe('dry-run');
    expect(r.summary).toMatchObject({ mutatingCallsSent: 0, mutatingCallsRefused: 1, readCalls: 2, errors: 0, retries: 0 });
    const refused = r.steps[0]!.calls[1]!;
    expect(refused).toMatchObject({ sent: false, attempts: 0, retries: 0, requestId: null, errorName: 'ReadOnlyViolation' });
    expect(r.steps[0]!.plan?.map((p) => p.operation)).toEqual(['CreateSecurityGroup', 'AuthorizeSecurityGroupIngress']);
    expect(r.target).toEqual({ sandbox: true, region: 'us-east-1', profile: null, endpointUrl: null, account: null, callerArn: null });
    expect(r.runCalls).toEqual([]);
  });

  it('maps needs-operator as is and a state still running to interrupted', () => {
    expect(toJsonReport(needsOperatorRun()).status).toBe('needs-operator');
    expect(toJsonReport(needsOperatorRun()).finishedAt).toBeNull();
    expect(toJsonReport({ ...succeededRun(), status: 'running', finishedAt: undefined }).status).toBe('interrupted');
    expect(toJsonReport({ ...succeededRun(), status: 'interrupted' }).status).toBe('interrupted');
  });

  it('derives a step duration from its times and never aliases the state', () => {
    const state = succeededRun();
    state.steps[0]!.durationMs = undefined;
    const r = toJsonReport(state);
    expect(r.steps[0]!.durationMs).toBe(4000);
    r.steps[1]!.outputs.fileSystemId = 'changed';
    r.params.vpcId = 'changed';
    expect(state.steps[1]!.outputs.fileSystemId).toBe('fs-0f1e2d');
    expect(state.params.vpcId).toBe('vpc-0a1b2c');
  });

  it('always has every documented key, so it survives a JSON round trip unchanged', () => {
    const r = toJsonReport(failedRun());
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(Object.keys(r).sort()).toEqual(
      ['acks', 'destroy', 'durationMs', 'error', 'finishedAt', 'mode', 'outputs', 'params', 'reportVersion', 'runCalls', 'runId', 'runbook', 'startedAt', 'status', 'steps', 'summary', 'target'].sort(),
    );
  });
});
