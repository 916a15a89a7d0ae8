/**
 * Figure 7: against what a user would script instead. A runbook's dry-run
 * against an independent emulator (moto), as a whole process, compared with
 * the same reads made one after another by the AWS CLI (each call its own
 * `aws` process, as a shell script makes them). Skipped, with a line saying
 * why, when moto or the AWS CLI is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { shippedRunbook } from '../runbooks/index.js';
import { executeRun } from '../src/engine/run/run.js';
import { rehearsal } from '../src/sandbox/index.js';
import { freshStateDir } from './sandbox-run.js';
import { median } from './median.js';
import { timeOnce } from './startup.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'runbook.js');
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' };
const CLI_SERVICE: Record<string, string> = { elasticfilesystem: 'efs' };

export type AwsCliFigures = { skipped: string } | { runbookMs: number; cliMs: number; reads: number; ratio: number };

async function startMoto(): Promise<{ url: string; process: ChildProcess } | string> {
  if (spawnSync('python3', ['-c', 'import moto'], { stdio: 'ignore' }).status !== 0) return 'moto is not installed for python3';
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<string | undefined>((resolve) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (m) resolve(m[1]);
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    setTimeout(() => resolve(undefined), 20_000);
  });
  if (!port) {
    child.kill();
    return 'moto did not start';
  }
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}/moto-api/`).catch(() => undefined))?.ok) return { url, process: child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  return 'moto did not answer';
}

const kebab = (op: string) => op.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export async function awsCliComparison(runbookId = 'lamp-swarm-node'): Promise<AwsCliFigures> {
  if (spawnSync('aws', ['--version'], { stdio: 'ignore' }).status !== 0) return { skipped: "the AWS CLI is not installed (Debian's awscli)" };
  const moto = await startMoto();
  if (typeof moto === 'string') return { skipped: moto };
  try {
    const def = await shippedRunbook(runbookId);
    const params = def.rehearsal?.params ?? {};
    // The reads the dry-run makes, with their inputs, captured once.
    const reads: { service: string; operation: string; input: object }[] = [];
    Object.assign(process.env, CREDENTIALS);
    const capture = await executeRun(
      rehearsal(def, freshStateDir(), {
        given: params,
        dryRun: true,
        sandbox: undefined,
        target: { region: 'us-east-1', endpointUrl: moto.url },
        onRequest: (service, operation, input) => reads.push({ service, operation, input }),
      }),
    );
    if (capture.exitCode !== 0) return { skipped: `the dry-run of ${runbookId} against moto did not succeed: ${capture.message}` };
    const args = ['run', runbookId, '--dry-run', '--non-interactive', '--endpoint-url', moto.url, '--region', 'us-east-1', ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${String(v)}`])];
    const runbookTimes: number[] = [];
    const cliTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      runbookTimes.push(timeOnce([BIN, ...args, '--state-dir', freshStateDir()], CREDENTIALS));
      const started = performance.now();
      for (const r of reads) {
        const call = spawnSync('aws', ['--endpoint-url', moto.url, '--region', 'us-east-1', CLI_SERVICE[r.service] ?? r.service, kebab(r.operation), '--cli-input-json', JSON.stringify(r.input)], { env: { ...process.env, ...CREDENTIALS }, stdio: 'ignore' });
        if (call.status !== 0 && call.status !== 254 && call.status !== 255) throw new Error(`aws ${r.service} ${kebab(r.operation)} exited ${call.status}`);
      }
      cliTimes.push(performance.now() - started);
    }
    const [runbookMs, cliMs] = [median(runbookTimes), median(cliTimes)];
    return { runbookMs, cliMs, reads: reads.length, ratio: runbookMs / cliMs };
  } finally {
    moto.process.kill();
  }
}
