/**
 * moto, the independent AWS emulator every runbook is judged against.
 *
 * One server per test file (`useMoto()` in a describe block), not one per run
 * through a globalSetup: vitest runs files side by side in several workers,
 * and `POST /moto-api/reset` wipes every account and region at once, so a
 * shared server reset "between files" would wipe the file running next to
 * it. moto starts in under a second, so each file owns one, resets it
 * between its own scenarios, and stops it at the end.
 *
 * Runbooks reach it exactly as a user would: the CLI with `--endpoint-url`,
 * `--region us-east-1` and dummy credentials in the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, inject } from 'vitest';

export const EMULATOR_REGION = 'us-east-1';
const LAUNCHER = fileURLToPath(new URL('./moto_server.py', import.meta.url));
const SEED = fileURLToPath(new URL('./seed.json', import.meta.url));
const START_TIMEOUT_MS = 20_000;

/** The images and public parameters seed.json adds to moto (what a real us-east-1 has). */
export const UBUNTU_2404_AMD64 = 'ami-0c4e1f2d3b5a69780';
export const UBUNTU_2404_ARM64 = 'ami-0c4e1f2d3b5a69781';
/** moto's own Amazon Linux 2023 in us-east-1 (its public parameter resolves to it). */
export const AL2023_X86_64 = 'ami-0ed094fb1304fd857';

export interface Moto {
  readonly endpoint: string;
  readonly port: number;
  /** Everything moto holds, every account and region, is wiped (the seeds come back). */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** The server's own log (tracebacks of what it could not answer), for failure messages. */
  log(): string;
}

export interface StartOptions {
  /** Without seed.json: moto as it comes, no Canonical image or parameter. */
  seeded?: boolean;
}

/** True when python3 can import moto (the global setup checked once and said so). */
export function motoAvailable(): boolean {
  return inject('motoAvailable');
}

export async function startMoto(options: StartOptions = {}): Promise<Moto> {
  const args = options.seeded === false ? ['-m', 'moto.server'] : [LAUNCHER, SEED];
  const child = spawn('python3', [...args, '-H', '127.0.0.1', '-p', '0'], {
    // AWS-managed policies (AmazonSSMManagedInstanceCore, AWSElasticBeanstalkWebTier) exist in every real account.
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-20_000);
  });
  const port = await listeningPort(child, () => log);
  const endpoint = `http://127.0.0.1:${port}`;
  await answers(endpoint);
  return {
    endpoint,
    port,
    log: () => log,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto did not reset: HTTP ${res.status}`);
    },
    async stop() {
      process.off('exit', kill);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** werkzeug binds port 0 to a free port and says which on stderr: no race for a port. */
function listeningPort(child: ChildProcess, log: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`moto did not start within ${START_TIMEOUT_MS / 1000}s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${why}:\n${log().slice(-2000)}`));
    };
    const onData = () => {
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(log());
      if (!m) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve(Number(m[1]));
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(`moto exited with code ${code} before it listened`));
    child.once('error', (err) => fail(`python3 could not be started (${err.message})`));
  });
}

/** The port is bound before the line is printed; the dashboard answering proves the app is loaded. */
async function answers(endpoint: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not accepting yet
    }
    if (Date.now() > deadline) throw new Error(`moto at ${endpoint} never answered GET /moto-api/`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The environment a user pointing the CLI at moto has: dummy credentials, no
 * profile or config file of this machine's, no instance metadata lookups.
 */
export function emulatorEnv(): Record<string, string | undefined> {
  const empty = mkdtempSync(join(tmpdir(), 'runbook-emulator-aws-'));
  writeFileSync(join(empty, 'config'), '');
  return {
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_CONFIG_FILE: join(empty, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(empty, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Set `vars` in process.env (the SDK reads credentials there) until the returned function restores them. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  return () => apply(before);
}

/**
 * One moto for the describe block that calls this (started in beforeAll,
 * stopped in afterAll), with the emulator's environment set meanwhile.
 * Read `.current` inside tests and hooks.
 */
export function useMoto(options: StartOptions = {}): { readonly current: Moto } {
  const holder: { current?: Moto } = {};
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    restore = setEnv(emulatorEnv());
    holder.current = await startMoto(options);
  });
  afterAll(async () => {
    await holder.current?.stop();
    restore?.();
  });
  return {
    get current(): Moto {
      if (!holder.current) throw new Error('moto is not started: read .current inside a test or hook.');
      return holder.current;
    },
  };
}
