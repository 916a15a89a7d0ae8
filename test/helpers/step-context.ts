/**
 * A StepContext for running one step kind in a test: a real AwsSession (its
 * clients are mocked by aws-sdk-client-mock), a fast clock, recorded progress.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsSession, type AwsTarget } from '../../src/aws/session.js';
import { runbookTags } from '../../src/aws/tags.js';
import type { CallRecord } from '../../src/core/calls.js';
import { createClock } from '../../src/core/clock.js';
import type { StepContext } from '../../src/engine/model/step.js';
import { nextHostOutcome, type HostOutcome } from '../../src/core/status.js';
import type { HttpClient } from '../../src/io/http.js';

export interface TestContext extends StepContext {
  progressLines: string[];
  secrets: string[];
  /** What the step recorded for each instance of a fleet. */
  hosts: Record<string, HostOutcome>;
}

export function stepContext(overrides: { stepId?: string; http?: HttpClient; outputDir?: string; interactive?: boolean; target?: AwsTarget; onCall?: (record: CallRecord) => void } = {}): TestContext {
  const progressLines: string[] = [];
  const secrets: string[] = [];
  const hosts: Record<string, HostOutcome> = {};
  const stepId = overrides.stepId ?? 'step-under-test';
  return {
    runId: 'test-run-0001',
    runbookId: 'test-runbook',
    stepId,
    aws: new AwsSession({ target: overrides.target ?? { region: 'us-east-1' }, ...(overrides.onCall ? { onCall: overrides.onCall } : {}) }),
    // One millisecond per second: waiters poll quickly.
    clock: createClock(1),
    http: overrides.http ?? { get: async () => ({ status: 599, headers: {}, body: 'no http in this test' }) },
    signal: new AbortController().signal,
    interactive: overrides.interactive ?? false,
    tags: (name) => runbookTags('test-runbook', 'test-run-0001', stepId, name),
    token: (suffix = '') => `token-${stepId}${suffix}`,
    progress: (m) => progressLines.push(m),
    secret: (v) => secrets.push(v),
    host: (id, outcome) => {
      hosts[id] = nextHostOutcome(hosts[id], outcome);
    },
    files: { runbookDir: process.cwd(), outputDir: overrides.outputDir ?? mkdtempSync(join(tmpdir(), 'runbook-out-')) },
    progressLines,
    secrets,
    hosts,
  };
}
