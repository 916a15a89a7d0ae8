/**
 * Bad input, generated over every parameter of every runbook: refused before
 * any AWS call with exit 2 and one sentence naming the parameter and what is
 * expected. Values that reach a shell on an instance arrive there as data.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SHIPPED } from '../../runbooks/index.js';
import { parseScript } from '../../src/aws/shell.js';
import { openSandbox } from '../../src/sandbox/index.js';
import { runCli, tempStateDir } from '../helpers/cli.js';
import { runChild } from './harness.js';

/** Malformed CIDRs, ids, types, host names, ports, sizes, and shell metacharacters, quotes and newlines. */
const HOSTILE = [
  '',
  ' ',
  'x y',
  'a;b',
  '$(id)',
  '`id`',
  "it's",
  '"quoted"',
  'line\nbreak',
  '../../etc/passwd',
  '-1',
  '0',
  '99999999999',
  '1.5',
  'vpc-xyz',
  'sg-123',
  'subnet-1234567g',
  'i-',
  'fs-zz',
  '10.0.0.0/33',
  '300.1.1.1/8',
  '0.0.0.0/0',
  'M7I.LARGE',
  'node_1.example.com',
  'http://x/`id`',
  'true; reboot',
  'redis:7|sh',
];

interface Case {
  runbook: string;
  param: string;
  value: string;
  /** What the parameter expects: a local path is never sent to AWS. */
  expected: string;
  /** A secret travels only as a SecureString parameter the host reads into a variable: never through a shell's parser. */
  secret: boolean;
}

async function cases(): Promise<{ refused: Case[]; accepted: Case[] }> {
  const refused: Case[] = [];
  const accepted: Case[] = [];
  for (const entry of SHIPPED) {
    const def = (await entry.load()).default;
    for (const [param, spec] of Object.entries(def.params))
      for (const value of HOSTILE) (spec.schema.safeParse(value).success && !def.validate?.({ [param]: value }) ? accepted : refused).push({ runbook: entry.id, param, value, expected: spec.expected, secret: spec.secret === true });
  }
  return { refused, accepted };
}

const { refused, accepted } = await cases();

describe('bad parameter values', () => {
  it(`refuses ${refused.length} generated bad values, each with exit 2 before any AWS call`, async () => {
    expect(refused.length).toBeGreaterThan(100);
    for (const c of refused) {
      const dir = tempStateDir('bad-');
      const result = await runCli(['run', c.runbook, '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `${c.param}=${c.value}`]);
      expect(result.code, `${c.runbook} ${c.param}=${JSON.stringify(c.value)}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`^Parameter[s]? [^\\n]*${c.param}[^\\n]*: expected `));
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(join(dir, 'sandbox', 'account.json')), 'no AWS (sandbox) call').toBe(false);
      expect(existsSync(join(dir, 'runs')), 'no run state').toBe(false);
    }
  });

  it('lets a shell metacharacter, quote, space or newline through only into a local folder or file path or a secret, never into an id, name or value sent to AWS', () => {
    for (const c of accepted.filter((a) => !a.secret))
      if (/[^A-Za-z0-9._@+=,:/-]/.test(c.value)) expect(c.expected, `${c.runbook} ${c.param}=${JSON.stringify(c.value)}`).toMatch(/^a (folder|file) path$/);
  });
});

describe('other bad input', () => {
  const dir = tempStateDir('usage-');
  const usage: [string, string[], RegExp][] = [
    ['an unknown runbook, with the nearest name', ['run', 'redis-session', '--sandbox', '--non-interactive'], /^Unknown runbook redis-session: did you mean redis-sessions\?/],
    ['an unknown parameter, with the nearest name', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--param', 'instancetype=m7i.large'], /^Unknown parameter instancetype: did you mean instanceType\?/],
    ['a parameter without a value', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--param', 'instanceType'], /^--param instanceType: expected name=value/],
    ['a bad region', ['run', 'redis-sessions', '--non-interactive', '--region', 'mars-1'], /^--region mars-1: expected a region name/],
    ['a bad report format', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--report', 'pdf=x.pdf'], /^--report pdf=x.pdf: the format must be one of json, markdown, junit/],
    ['a fault for an unknown step', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--sandbox-fault', 'nope'], /^--sandbox-fault nope: runbook redis-sessions has no step nope/],
    ['--from an unknown step', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--from', 'nope'], /^--from nope: runbook redis-sessions has no such step/],
    ['--ack an unknown step', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--ack', 'nope'], /^--ack nope: runbook redis-sessions has no such step/],
    ['an unknown option', ['run', 'redis-sessions', '--sandbox', '--colour'], /unknown option '--colour'/],
    ['no terminal and no --non-interactive or --yes', ['run', 'redis-sessions', '--sandbox'], /^There is no terminal to ask for confirmations/],
    ['a report in a folder that does not exist', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--report', 'json=/no-such-folder/r.json'], /^--report \/no-such-folder\/r.json: the folder \/no-such-folder does not exist/],
    ['a report path that is a folder', ['run', 'redis-sessions', '--sandbox', '--non-interactive', '--report', `json=${tmpdir()}`], /that is a folder, not a file/],
  ];
  it.each(usage)('%s: exit 2, one sentence', async (_name, args, message) => {
    const result = await runCli([...args, '--state-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(dir, 'sandbox'))).toBe(false);
  });

  const files: [string, string, string, RegExp][] = [
    ['not YAML', 'params.yaml', 'instanceType: [m7i.large', /is not valid YAML or JSON/],
    ['not JSON', 'params.json', '{"instanceType": "m7i.large",}', /is not valid YAML or JSON/],
    ['not a mapping', 'params.yaml', '- a\n- b\n', /expected a mapping of parameter names to values/],
    ['a bad value', 'params.yaml', 'volumeSizeGiB: 4\n', /^Parameter volumeSizeGiB: expected a whole number from 8 to 16384 \(GiB\), got '4'/],
  ];
  it.each(files)('a params file that is %s: exit 2', async (_name, file, content, message) => {
    const path = join(dir, file);
    writeFileSync(path, content);
    const result = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir, '--params-file', path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('values that reach a shell on the instance', () => {
  it('arrive as single-quoted data: the sandbox records the exact script, and its variables read back unchanged', async () => {
    const dir = tempStateDir('quoted-');
    const image = 'registry.example.com:5000/team/redis:7.4.2';
    const result = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `redisImage=${image}`]);
    expect(result.code, result.stderr).toBe(0);
    const sent = openSandbox({ stateDir: dir }).scriptsSent().filter((s) => s.name === 'redis-sessions/create-redis-container');
    expect(sent.length).toBeGreaterThan(0);
    for (const s of sent) {
      expect(s.text).toContain(`IMAGE='${image}'`);
      expect(parseScript(s.text)?.vars.IMAGE).toBe(image);
      expect(s.text).toContain('docker pull "$IMAGE"');
    }
  });
});

describe('no AWS region', () => {
  it('is bad usage, found before any AWS call and before any state is written', async () => {
    const dir = tempStateDir('region-');
    const home = tempStateDir('home-');
    const result = await runChild(['run', 'redis-sessions', '--non-interactive', '--state-dir', dir], {
      env: { AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_PROFILE: '', HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') },
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^No AWS region is set: pass --region/);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  });
});

describe('a state dir that is a file', () => {
  it('is bad usage, not a stack trace', async () => {
    const file = join(tempStateDir('file-'), 'not-a-folder');
    writeFileSync(file, 'x');
    const result = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a folder\.$/m);
  });
});

describe('resume keeps where and how the run began', () => {
  it('refuses to resume a sandbox run against AWS, and a finished dry-run at all', async () => {
    const dir = tempStateDir('resume-target-');
    const stopped = await runCli(['run', 'redis-sessions', '--sandbox', '--non-interactive', '--state-dir', dir, '--param', `appDir=${dir}`]);
    expect(stopped.code).toBe(3);
    const runId = /runs\/([^/\s]+)\.json/.exec(stopped.stderr)![1]!;
    const real = await runCli(['resume', runId, '--non-interactive', '--state-dir', dir, '--region', 'us-east-1']);
    expect(real.code).toBe(2);
    expect(real.stderr).toMatch(/ran in the sandbox: resume it with --sandbox/);

    const dry = await runCli(['run', 'redis-sessions', '--sandbox', '--dry-run', '--state-dir', dir]);
    const dryId = /runs\/([^/\s]+)\.json/.exec(dry.stderr)![1]!;
    const again = await runCli(['resume', dryId, '--sandbox', '--non-interactive', '--state-dir', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already succeeded/);
  });
});
