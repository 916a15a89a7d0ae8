/**
 * Secrets (a secret parameter, a secret step output such as a join token)
 * never reach the state file, any report format, the --json events or the
 * messages, even when a step puts them in its evidence or progress.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defineStepKind, type StepKindSpec } from '../../src/engine/model/step.js';
import { defineRunbook } from '../../src/engine/model/runbook.js';
import { param } from '../../src/engine/model/params.js';
import { executeRun } from '../../src/engine/run/run.js';
import { renderReport, REPORT_FORMATS } from '../../src/report/index.js';
import { rehearsal } from '../../src/sandbox/index.js';
import { network } from '../../src/steps/ec2/index.js';
import { tempStateDir } from '../helpers/cli.js';

const PASSWORD = 'db-Pa55word-never-shown';
const TOKEN = 'SWMTKN-1-join-token-never-shown';

/** A step that learns a secret, shows it in progress and evidence, and passes it on. */
const issuer: StepKindSpec<{ password: string }, { token: string; note: string }> = {
  kind: 'test.issuer',
  mutating: false,
  async check(ctx, input) {
    ctx.secret(TOKEN);
    ctx.progress(`got token ${TOKEN} using ${input.password}`);
    return { done: true, outputs: { token: TOKEN, note: 'public' }, evidence: [`token=${TOKEN} password=${input.password}`] };
  },
  plan: () => [],
  secretOutputs: ['token'],
};
const consumer: StepKindSpec<{ token: string }, Record<string, never>> = {
  kind: 'test.consumer',
  mutating: false,
  async check(_ctx, input) {
    return { done: false, reason: `refused token ${input.token}`, evidence: [`saw ${input.token}`] };
  },
  plan: () => [],
};

const fixture = defineRunbook({
  id: 'secrets-fixture',
  title: 'Secrets fixture',
  summary: 'test only',
  source: { file: 'none', procedure: 'none', steps: ['1'] },
  dir: tmpdir(),
  params: { password: param.string('a database password', { secret: true }) },
  steps: (p) => {
    const net = network('network', { covers: '1' });
    const issue = defineStepKind({ ...issuer, title: () => 'Issue' })('issue', { covers: '1', after: [net], password: p.password });
    const use = defineStepKind({ ...consumer, title: () => 'Use' })('use', { covers: '1', token: issue.out.token });
    return [net, issue, use];
  },
});

describe('secrets', () => {
  it('appear in no state file, report, event or message', async () => {
    const dir = tempStateDir('secrets-');
    const events: string[] = [];
    const result = await executeRun(rehearsal(fixture, dir, { given: { password: PASSWORD }, onEvent: (e) => events.push(JSON.stringify(e)) }));
    // The consumer fails on purpose, with the token in its reason and evidence.
    expect(result.exitCode).toBe(1);
    const texts = [
      ...readdirSync(join(dir, 'runs')).map((f) => readFileSync(join(dir, 'runs', f), 'utf8')),
      ...REPORT_FORMATS.map((f) => renderReport(result.state, f, { redact: result.redact })),
      ...events,
      result.message,
    ];
    for (const text of texts) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(TOKEN);
    }
    const state = result.state;
    expect(state.params.password).toBe('(secret)');
    expect(state.steps.find((s) => s.id === 'issue')?.outputs).toEqual({ note: 'public' });
    expect(state.steps.find((s) => s.id === 'use')?.reason).toContain('***');
  });
});
