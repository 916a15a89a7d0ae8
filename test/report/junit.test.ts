import { describe, expect, it } from 'vitest';
import { toJUnitReport } from '../../src/report/junit.js';
import { dryRun, failedRun, needsOperatorRun, step, succeededRun } from './fixtures.js';
import { findAll, parseXml, type XmlElement } from './xml-check.js';

function suite(xml: string): XmlElement {
  const root = parseXml(xml);
  expect(root.name).toBe('testsuites');
  const suites = findAll(root, 'testsuite');
  expect(suites).toHaveLength(1);
  return suites[0]!;
}

describe('toJUnitReport', () => {
  it('writes one well-formed suite with one test case per step', () => {
    const xml = toJUnitReport(succeededRun());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const s = suite(xml);
    expect(s.attrs).toMatchObject({ name: 'runbook efs-shared', tests: '4', failures: '0', errors: '0', skipped: '1', time: '185.000' });
    const cases = findAll(s, 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual([
      'sg: Security group for NFS from the web tier',
      'fs: EFS file system',
      'mount: Mount the file system on the web hosts',
      'eb: Beanstalk environment setting',
    ]);
    expect(cases.every((c) => c.attrs.classname === 'efs-shared')).toBe(true);
    expect(cases[0]!.attrs.time).toBe('4.000');
    expect(cases[0]!.children).toEqual([]);
    expect(findAll(cases[2]!, 'system-out')[0]!.text).toContain('$ df -h /mnt/shared');
    expect(findAll(cases[3]!, 'skipped')[0]!.attrs.message).toBe('ebApplication is not given.');
    const props = Object.fromEntries(findAll(s, 'property').map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ runId: 'efs-20250304-0900-ab12', mode: 'apply', status: 'succeeded', account: '123456789012' });
  });

  it('fails the failed step with its error and evidence, escaped, and skips what never ran', () => {
    const xml = toJUnitReport(failedRun());
    const s = suite(xml);
    expect(s.attrs).toMatchObject({ tests: '3', failures: '1', skipped: '1', errors: '0' });
    const failure = findAll(s, 'failure');
    expect(failure).toHaveLength(1);
    expect(failure[0]!.attrs.type).toBe('AccessDeniedException');
    expect(failure[0]!.attrs.message).toContain('is not authorized to perform: elasticfilesystem:CreateFileSystem');
    expect(failure[0]!.text).toContain('Policy check: <deny> on "elasticfilesystem:CreateFileSystem" & no allow');
    expect(xml).toContain('Policy check: &lt;deny&gt; on &quot;elasticfilesystem:CreateFileSystem&quot; &amp; no allow');
    expect(findAll(s, 'skipped')[0]!.attrs.message).toBe('not run');
  });

  it('skips planned steps in a dry-run', () => {
    const s = suite(toJUnitReport(dryRun()));
    expect(s.attrs).toMatchObject({ tests: '3', failures: '0', skipped: '2' });
    expect(findAll(s, 'skipped').map((e) => e.attrs.message)).toEqual(['dry-run, planned (2 calls): Security group efs-web is missing.', 'dry-run, planned (1 call)']);
  });

  it('says a manual step needs an operator', () => {
    const s = suite(toJUnitReport(needsOperatorRun()));
    expect(s.attrs).toMatchObject({ tests: '4', failures: '0', skipped: '2' });
    expect(findAll(s, 'skipped')[0]!.attrs.message).toBe('needs operator: Create files.example.com CNAME fs-0f1e2d.efs.eu-west-1.amazonaws.com, then acknowledge.');
  });

  it('adds an errored test for a run-level error that no step carries', () => {
    const state = { ...succeededRun(), status: 'failed' as const, error: { name: 'ExpiredToken', message: 'The token expired.' } };
    const s = suite(toJUnitReport(state));
    expect(s.attrs).toMatchObject({ tests: '5', errors: '1' });
    expect(findAll(s, 'error')[0]!.attrs).toEqual({ message: 'The token expired.', type: 'ExpiredToken' });
  });

  it('stays valid XML with quotes, markup, control characters and lone surrogates anywhere', () => {
    const nasty = `a "quoted" <b>&amp;</b> 'x' \u0000\u0007\u001b[31mred\u001b[0m \ud800 \uffff\tend\r\nline2`;
    const state = succeededRun();
    state.runbook.id = `id ${nasty}`;
    state.steps = [
      step({ id: 'f', title: nasty, status: 'failed', error: { name: nasty, message: nasty }, evidence: [nasty] }),
      step({ id: 's', title: nasty, status: 'skipped', reason: nasty }),
    ];
    const xml = toJUnitReport(state);
    const s = suite(xml);
    const clean = `a "quoted" <b>&amp;</b> 'x' [31mred[0m  \tend\r\nline2`;
    expect(s.attrs.name).toBe(`runbook id ${clean}`);
    expect(findAll(s, 'failure')[0]!.attrs.message).toBe(clean);
    expect(findAll(s, 'skipped')[0]!.attrs.message).toBe(clean);
    expect(findAll(s, 'failure')[0]!.text).toContain(clean);
  });

  it('gives a step on a fleet one case per instance, failing the instances that failed', () => {
    const state = succeededRun();
    state.status = 'failed';
    state.steps = [
      step({
        id: 'install',
        title: 'Install Docker',
        kind: 'ssm.script',
        status: 'failed',
        durationMs: 9000,
        error: { name: 'ScriptFailed', message: 'failed on 1 of 3 instances' },
        hosts: { 'i-0b': { status: 'failed', detail: 'exit 100: E: Unable to locate package' }, 'i-0a': { status: 'changed', detail: 'installed' }, 'i-0c': { status: 'ok' } },
      }),
      step({ id: 'empty', title: 'Refused', kind: 'ssm.verify', status: 'failed', error: { name: 'AccessDeniedException', message: 'denied' }, hosts: {} }),
    ];
    const s = suite(toJUnitReport(state));
    const cases = findAll(s, 'testcase');
    expect(cases.map((c) => [c.attrs.name, c.attrs.time])).toEqual([
      ['install: Install Docker [i-0a]', '3.000'],
      ['install: Install Docker [i-0b]', '3.000'],
      ['install: Install Docker [i-0c]', '3.000'],
      ['empty: Refused', '0.000'],
    ]);
    expect(s.attrs).toMatchObject({ tests: '4', failures: '2' });
    expect(findAll(cases[1]!, 'failure')[0]!.attrs).toEqual({ message: 'exit 100: E: Unable to locate package', type: 'ScriptFailed' });
    expect(findAll(cases[0]!, 'system-out')[0]!.text).toBe('changed: installed');
    expect(cases[2]!.children).toEqual([]);
  });
});
