/**
 * Input that is refused before any AWS call, with exit 2 and one sentence per
 * problem: sources public in effect, CIDRs with host bits, names that are not
 * parameters whatever they look like, numbers and booleans written loosely,
 * parameter files that are not a short regular mapping, state dirs that
 * cannot be used, paths that do not exist, targets from flags or the
 * environment, sandbox faults, acknowledgements of steps that are not manual.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, runIdOf, tempStateDir } from '../helpers/cli.js';

const SANDBOX = ['--sandbox', '--non-interactive'];

/** Exit 2 and this text on stderr, and not one AWS call (no run was even started). */
async function refused(args: string[], message: string | RegExp, options: Parameters<typeof runCli>[1] = {}) {
  const stateDir = tempStateDir('refused-');
  const r = await runCli([...args, ...(args.includes('--state-dir') ? [] : ['--state-dir', stateDir])], options);
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
  expect(r.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return r;
}

describe('security sources and networks', () => {
  it('refuses a private service opened to addresses outside the private ranges unless a parameter names the risk', async () => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', 'allowedCidr=0.0.0.0/1'], 'Parameter allowedCidr: 0.0.0.0/1 reaches addresses outside the private ranges');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', 'allowedCidr=0.0.0.0/0', '--param', 'allowPublicSource=true'], 'not the whole internet');
  });

  it('refuses a CIDR with host bits set, naming its network address', async () => {
    await refused(['run', 'efs-shared-documents', ...SANDBOX, '--param', 'vpcCidr=10.0.0.5/16'], 'Parameter vpcCidr: 10.0.0.5/16 has host bits set; expected its network address 10.0.0.0/16.');
  });
});

describe('parameter names and values', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('refuses the name %s like any unknown one', async (name) => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', `${name}=1`], `Unknown parameter ${name}`);
    const home = tempStateDir('params-');
    writeFileSync(join(home, 'p.json'), `{"${name}": 1}`);
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'p.json')], `Unknown parameter ${name}`);
  });

  it.each(['0x20', '2e1', ' 20', '20.0', '+20'])('refuses %j for a whole number', async (value) => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', `volumeSizeGiB=${value}`], 'Parameter volumeSizeGiB: expected a whole number from 8 to 16384');
  });

  it('refuses [20] for a whole number and yes for a boolean', async () => {
    const home = tempStateDir('params-');
    writeFileSync(join(home, 'p.json'), '{"volumeSizeGiB": [20]}');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'p.json')], 'Parameter volumeSizeGiB: expected a whole number');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', 'rebootCheck=yes'], "Parameter rebootCheck: expected true or false, got 'yes'.");
  });

  it('reports every refused parameter at once', async () => {
    const r = await refused(['run', 'redis-sessions', ...SANDBOX, '--param', 'volumeSizeGiB=0x20', '--param', 'instanceType=big', '--param', 'vpcid=vpc-12345678'], '3 parameters are refused:');
    expect(r.stderr).toContain('Parameter volumeSizeGiB');
    expect(r.stderr).toContain('Parameter instanceType');
    expect(r.stderr).toContain('Unknown parameter vpcid: did you mean vpcId?');
  });

  it('refuses a parameter given twice, and a key given twice in a JSON or YAML file', async () => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', 'instanceType=t3.small', '--param', 'instanceType=t3.large'], '--param instanceType is given twice');
    const home = tempStateDir('params-');
    writeFileSync(join(home, 'p.json'), '{"instanceType": "t3.small", "instanceType": "t3.large"}');
    writeFileSync(join(home, 'p.yaml'), 'instanceType: t3.small\ninstanceType: t3.large\n');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'p.json')], /--params-file .*p\.json is not valid YAML or JSON: .*unique/i);
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'p.yaml')], /--params-file .*p\.yaml is not valid YAML or JSON: .*unique/i);
  });

  it('refuses a parameters file that is a device, a FIFO or too large, without reading it', async () => {
    const home = tempStateDir('params-');
    execFileSync('mkfifo', [join(home, 'fifo')]);
    writeFileSync(join(home, 'big.yaml'), `a: "${'x'.repeat(1024 * 1024)}"\n`);
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', '/dev/zero'], '--params-file /dev/zero: not a regular file.');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'fifo')], 'not a regular file.');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'big.yaml')], 'larger than 1 MiB');
  });

  it('prints no YAML warning of its own', async () => {
    const home = tempStateDir('params-');
    writeFileSync(join(home, 'p.yaml'), '%YAML 1.1\n---\ninstanceType: t3.small\nnope: 1\n');
    const r = await refused(['run', 'redis-sessions', ...SANDBOX, '--params-file', join(home, 'p.yaml')], 'Unknown parameter nope');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a folder parameter that does not exist, and an over-long one', async () => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', 'appDir=/no/such/folder'], 'Parameter appDir: /no/such/folder does not exist.');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--param', `appDir=/${'a'.repeat(300)}`], 'Parameter appDir: expected a folder path');
  });
});

describe('the state dir and run files', () => {
  it('refuses a state dir that cannot be created, at once (not spinning under /proc)', async () => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--state-dir', '/proc/runbook-state'], '/proc/runbook-state cannot be created (ENOENT at /proc/runbook-state).');
    const file = join(tempStateDir('state-'), 'a-file');
    writeFileSync(file, '');
    await refused(['run', 'redis-sessions', ...SANDBOX, '--state-dir', file], `${file} is not a folder.`);
  });

  it('refuses a run file that is a symbolic link or that others can write', async () => {
    const stateDir = tempStateDir('state-');
    const first = await runCli(['run', 'lamp-ssm-tunnel', ...SANDBOX, '--state-dir', stateDir, '--param', 'instance=nowhere']);
    const runId = runIdOf(first);
    const file = join(stateDir, 'runs', `${runId}.json`);
    chmodSync(file, 0o666);
    await refused(['status', runId, '--state-dir', stateDir], `The state file ${file} is writable by other users (mode 666)`);
    const linkDir = tempStateDir('state-');
    mkdirSync(join(linkDir, 'runs'));
    symlinkSync(file, join(linkDir, 'runs', `${runId}.json`));
    await refused(['status', runId, '--state-dir', linkDir], 'is a symbolic link');
  });
});

describe('targets, faults and acknowledgements', () => {
  it('refuses an endpoint that is not http(s), from the flag or the environment, and a malformed AWS_REGION', async () => {
    await refused(['run', 'redis-sessions', '--non-interactive', '--endpoint-url', 'ftp://localhost:21'], '--endpoint-url ftp://localhost:21: expected an http:// or https:// URL');
    await refused(['run', 'redis-sessions', '--non-interactive'], 'AWS_ENDPOINT_URL file:///etc/passwd: expected an http:// or https:// URL', { env: { AWS_ENDPOINT_URL: 'file:///etc/passwd', AWS_REGION: 'us-east-1' } });
    await refused(['run', 'redis-sessions', '--non-interactive'], 'AWS_REGION moon-1: expected a region name', { env: { AWS_REGION: 'moon-1' } });
  });

  it('names a profile that does not exist as such', async () => {
    const home = tempStateDir('profile-');
    writeFileSync(join(home, 'config'), '[profile ops]\nregion = eu-west-1\n');
    const env = { AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials') };
    await refused(['run', 'redis-sessions', '--non-interactive', '--profile', 'opps'], '--profile opps: there is no such profile in the AWS config or credentials file', { env });
    await refused(['run', 'redis-sessions', '--non-interactive'], 'AWS_PROFILE nope: there is no such profile', { env: { ...env, AWS_PROFILE: 'nope' } });
  });

  it('checks RUNBOOK_SANDBOX_FAULTS field by field', async () => {
    await refused(['run', 'redis-sessions', ...SANDBOX], 'RUNBOOK_SANDBOX_FAULTS throttle: expected', { env: { RUNBOOK_SANDBOX_FAULTS: '{"throttle":"yes"}' } });
    await refused(['run', 'redis-sessions', ...SANDBOX], 'RUNBOOK_SANDBOX_FAULTS throtle: expected only throttle, eventualConsistency, deny and crashAfter', { env: { RUNBOOK_SANDBOX_FAULTS: '{"throtle":true}' } });
    await refused(['run', 'redis-sessions', ...SANDBOX], 'RUNBOOK_SANDBOX_FAULTS deny.0: expected', { env: { RUNBOOK_SANDBOX_FAULTS: '{"deny":["RunInstances"]}' } });
  });

  it('refuses --ack of a step that is not manual', async () => {
    await refused(['run', 'redis-sessions', ...SANDBOX, '--ack', 'launch-instance'], '--ack launch-instance: step launch-instance is not a manual step');
  });
});
