/** The sandbox as a run uses it: the account under the state dir, its simulated HTTP, its clock. */
import type { SimulatedBackend } from '../aws/session.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
import type { RunRequest } from '../engine/run/run.js';
import type { HttpClient } from '../io/http.js';
import type { SandboxFaults } from './account/faults.js';
import { simulationOf } from './host/load.js';
import { isAccountSeed } from './account/fixtures.js';
import { openSandbox } from './sandbox.js';
import { SANDBOX_MS_PER_SECOND } from './account/time.js';

export interface AttachedSandbox {
  backend: SimulatedBackend;
  http: HttpClient;
  msPerSecond: number;
}

export interface SandboxAttachment {
  /** The account under the state dir, with the runbook's simulation of its host scripts. */
  open(stateDir: string, runbook: RunbookDefinition): Promise<AttachedSandbox>;
}

export function sandboxFor(options: { faults?: SandboxFaults; region?: string } = {}): SandboxAttachment {
  return {
    open: async (stateDir, runbook) => {
      const simulation = await simulationOf(runbook);
      const sandbox = openSandbox({ stateDir, simulation, ...(options.faults ? { faults: options.faults } : {}), ...(options.region ? { region: options.region } : {}) });
      const seed = runbook.rehearsal?.seed ? (await runbook.rehearsal.seed()).default : undefined;
      if (seed !== undefined && !isAccountSeed(seed)) throw new Error(`The rehearsal seed of runbook ${runbook.id} does not export defineAccountSeed(...) as its default.`);
      // What the account holds before the runbook first runs (backups a production stack made): once per account.
      if (seed) sandbox.applySeed(seed, `rehearsal:${runbook.id}`);
      return { backend: sandbox, http: { get: (url, headers) => sandbox.httpGet(url, headers) }, msPerSecond: SANDBOX_MS_PER_SECOND };
    },
  };
}

/**
 * An unattended run in the sandbox, as rehearsals, tests and the benchmark
 * make it: no prompts, no progress tree, every change confirmed.
 */
export function rehearsal(runbook: RunbookDefinition, stateDir: string, overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    runbook,
    given: {},
    dryRun: false,
    nonInteractive: true,
    yes: true,
    acks: [],
    target: {},
    stateDir,
    renderer: 'silent',
    signal: new AbortController().signal,
    sandbox: sandboxFor(),
    ...overrides,
  };
}
