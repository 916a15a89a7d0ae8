/**
 * The CLI against moto, as a user points it at an emulator, and SDK clients
 * that read what it made straight from moto (not through the CLI's session).
 */
import { EC2Client } from '../../src/aws/sdk/ec2.js';
import { EFSClient } from '../../src/aws/sdk/efs.js';
import { IAMClient } from '../../src/aws/sdk/iam.js';
import { Route53Client } from '../../src/aws/sdk/route53.js';
import { SSMClient } from '../../src/aws/sdk/ssm.js';
import type { RunState } from '../../src/engine/state/state.js';
import { readState, runCli, runIdOf, type CliResult } from '../helpers/cli.js';
import { EMULATOR_REGION, type Moto } from './moto.js';

/** `runbook <command> ...` against moto: the endpoint, the region and the state dir added. */
export function onMoto(moto: Moto, stateDir: string, args: string[], options: { region?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return runCli([...args, '--endpoint-url', moto.endpoint, '--region', options.region ?? EMULATOR_REGION, '--state-dir', stateDir], options.env ? { env: options.env } : {});
}

export interface RunOutcome extends CliResult {
  runId: string;
  state: RunState;
  step(id: string): RunState['steps'][number];
}

/** Run the CLI against moto and read the state it left. */
export async function runOnMoto(moto: Moto, stateDir: string, args: string[], options: { region?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunOutcome> {
  const result = await onMoto(moto, stateDir, args, options);
  const runId = runIdOf(result);
  const state = readState(stateDir, runId);
  return {
    ...result,
    runId,
    state,
    step: (id) => {
      const s = state.steps.find((x) => x.id === id);
      if (!s) throw new Error(`Run ${runId} has no step ${id}.`);
      return s;
    },
  };
}

/** Every call of a run that reached AWS (here: moto) and could change it. */
export function writesSent(state: RunState): string[] {
  return [...state.calls, ...state.steps.flatMap((s) => s.calls)].filter((c) => c.mutating && c.sent).map((c) => `${c.stepId ?? '-'} ${c.service}:${c.operation}`);
}

/** Steps by status, to compare a run's outcome in one assertion. */
export function statuses(state: RunState): Record<string, string> {
  return Object.fromEntries(state.steps.map((s) => [s.id, s.status]));
}

export interface MotoClients {
  ec2: EC2Client;
  efs: EFSClient;
  iam: IAMClient;
  ssm: SSMClient;
  route53: Route53Client;
  destroy(): void;
}

/** Plain SDK clients on moto, one attempt each (moto's unimplemented answers fail fast). */
export function motoClients(moto: Moto, region = EMULATOR_REGION): MotoClients {
  const config = { endpoint: moto.endpoint, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  const clients = { ec2: new EC2Client(config), efs: new EFSClient(config), iam: new IAMClient(config), ssm: new SSMClient(config), route53: new Route53Client(config) };
  return { ...clients, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}
