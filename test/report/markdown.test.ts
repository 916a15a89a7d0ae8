import { describe, expect, it } from 'vitest';
import { toMarkdownReport } from '../../src/report/markdown.js';
import { dryRun, failedRun, needsOperatorRun, step, succeededRun } from './fixtures.js';

/** The body of one `## title` section, up to the next one. */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

function headings(md: string): string[] {
  return md
    .split('\n')
    .filter((l) => l.startsWith('## '))
    .map((l) => l.slice(3));
}

describe('toMarkdownReport', () => {
  it('says who, where, when, the mode and the outcome at the top', () => {
    const md = toMarkdownReport(succeededRun());
    expect(md.split('\n')[0]).toBe('# Change record: Shared EFS storage for the web tier (`efs-shared`), run `efs-20250304-0900-ab12`');
    expect(md).toContain('- **Who:** `arn:aws:sts::123456789012:assumed-role/Ops/alice` (account `123456789012`)');
    expect(md).toContain('- **Where:** region `eu-west-1`, profile `prod-ops`');
    expect(md).toContain('- **When:** 2025-03-04T09:00:00.000Z to 2025-03-04T09:03:05.000Z (3 min 5 s)');
    expect(md).toContain('- **Mode:** apply');
    expect(md).toContain('- **Outcome:** Succeeded: 2 steps changed the account, 1 was already in place, 1 skipped.');
    expect(headings(md)).toEqual(['Parameters', 'What changed', 'Already in place', 'Verifications', 'Skipped', 'Call counts']);
  });

  it('lists changed steps with their outputs, ok steps, evidence in fences and skip reasons', () => {
    const md = toMarkdownReport(succeededRun());
    const changed = section(md, 'What changed');
    expect(changed).toContain('### `sg`: Security group for NFS from the web tier');
    expect(changed).toContain('| `groupId` | `sg-0123abcd` |');
    expect(changed).toContain('| `hosts` | `["i-01","i-02"]` |');
    expect(changed).not.toContain('`fs`');
    expect(section(md, 'Already in place')).toContain('- `fs`: EFS file system\n  - `fileSystemId`: `fs-0f1e2d`');
    expect(section(md, 'Verifications')).toContain('```text\n$ df -h /mnt/shared\n');
    expect(section(md, 'Skipped')).toContain('- `eb`: Beanstalk environment setting: ebApplication is not given.');
  });

  it('escapes pipes in table cells so a value cannot add a column', () => {
    const md = toMarkdownReport(succeededRun());
    const row = md.split('\n').find((l) => l.startsWith('| `label`'))!;
    expect(row).toBe('| `label` | `web\\|shared` |');
    // Unescaped pipes delimit exactly the two columns.
    expect(row.split('').filter((c, i) => c === '|' && row[i - 1] !== '\\')).toHaveLength(3);
  });

  it('keeps backticks, newlines and HTML-like text from breaking the layout', () => {
    const state = succeededRun();
    state.params = { script: 'echo `id`\nexit 0', tag: '<none>' };
    state.steps = [step({ id: 'x', status: 'skipped', reason: 'waiting for <instance-id>' }), step({ id: 'y', status: 'ok', evidence: ['```\nnested fence\n```'] })];
    const md = toMarkdownReport(state);
    // Multi-line values become one JSON line; a code span with a backtick inside takes a longer delimiter.
    expect(md).toContain('| `script` | ``"echo `id`\\nexit 0"`` |');
    expect(md).toContain('waiting for \\<instance-id>');
    expect(md).toContain('````text\n```\nnested fence\n```\n````');
  });

  it('records a failure with the error, what changed before it and what never ran', () => {
    const md = toMarkdownReport(failedRun());
    expect(md).toContain('- **Outcome:** Failed at step `fs`: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/Ops/alice is not authorized to perform: elasticfilesystem:CreateFileSystem. Before that, 1 step changed the account.');
    const failures = section(md, 'Failures');
    expect(failures).toContain('### `fs`: EFS file system');
    expect(failures).toContain('**AccessDeniedException:** User: arn:aws:sts');
    expect(failures).toContain('Reason: No file system tagged efs-shared exists.');
    expect(section(md, 'Not run')).toContain('- `mount`: Mount the file system on the web hosts');
    expect(section(md, 'Call counts')).toContain('| **Total** | 3 | 0 | 3 | 0 | 2 | 1 | 6 |');
  });

  it('never leads a message with a bare "Error:" (an emulator page the SDK could not read, once named Error)', () => {
    const run = failedRun();
    const failed = run.steps.find((s) => s.status === 'failed')!;
    failed.error = { name: 'Error', message: 'The call to ec2:DescribeInstances failed: @aws-sdk XML parse error.' };
    run.error = { ...failed.error, stepId: failed.id };
    const md = toMarkdownReport(run);
    expect(md).toContain('- **Outcome:** Failed at step `fs`: The call to ec2:DescribeInstances failed: @aws-sdk XML parse error. Before that');
    expect(md).not.toMatch(/Error: Error|\*\*Error:\*\*/);
  });

  it('reports a run-level error that no step carries', () => {
    const state = { ...succeededRun(), status: 'failed' as const, error: { name: 'ExpiredToken', message: 'The security token has expired.' } };
    expect(section(toMarkdownReport(state), 'Failures')).toContain('### Run\n\n**ExpiredToken:** The security token has expired.');
  });

  it('shows a dry-run as planned calls with compact inputs and refused writes in the counts', () => {
    const md = toMarkdownReport(dryRun());
    expect(md).toContain('- **Who:** unknown caller');
    expect(md).toContain('- **Where:** sandbox (simulated account, region `us-east-1`)');
    expect(md).toContain('- **Outcome:** Dry-run completed: 2 steps would change the account, 1 already in place, 0 skipped; no write was sent.');
    expect(section(md, 'What changed')).toContain('Nothing: this was a dry-run');
    const planned = section(md, 'Planned calls');
    expect(planned).toContain('- `ec2:CreateSecurityGroup` `{"GroupName":"efs-web","VpcId":"vpc-0a1b2c","Description":"NFS | web"}`');
    expect(planned).toContain('`{"GroupId":"<sg.groupId>","IpPermissions":[{"FromPort":2049}]}` (only if the rule is missing)');
    expect(planned).toContain('### `mount`: Mount the file system on the web hosts\n\n- `ssm:SendCommand`');
    expect(section(md, 'Call counts')).toContain('| **Total** | 0 | 1 | 2 | 0 | 0 | 0 | 3 |');
  });

  it('cuts very long planned inputs', () => {
    const state = dryRun();
    state.steps[2]!.plan![0]!.input = { UserData: 'A'.repeat(5000) };
    const line = toMarkdownReport(state).split('\n').find((l) => l.includes('UserData'))!;
    expect(line.length).toBeLessThan(500);
    expect(line).toMatch(/more characters\)`$/);
  });

  it('names the manual step an operator must do, and the acknowledged ones', () => {
    const md = toMarkdownReport(needsOperatorRun());
    expect(md).toContain('- **When:** started 2025-03-04T09:00:00.000Z, not finished');
    expect(md).toContain('- **Outcome:** Waiting for an operator: `dns` needs a manual action and an acknowledgement; so far 1 step changed the account.');
    expect(md).toContain('- **Acknowledged manual steps:** `change-ticket`');
    expect(section(md, 'Needs operator')).toContain('- `dns`: CNAME in the corporate DNS: Create files.example.com CNAME');
    expect(section(md, 'Not run')).toContain('`check-dns`');
  });

  it('says an unfinished run was interrupted', () => {
    const md = toMarkdownReport({ ...succeededRun(), status: 'running', finishedAt: undefined });
    expect(md).toContain('- **Outcome:** Interrupted before finishing: 4 of 4 steps done, 2 steps changed the account.');
  });

  it('holds no emoji', () => {
    for (const f of [succeededRun, failedRun, dryRun, needsOperatorRun]) expect(toMarkdownReport(f())).not.toMatch(/\p{Extended_Pictographic}/u);
  });
});
