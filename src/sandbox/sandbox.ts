/**
 * The simulated AWS account behind `--sandbox`. The session's middleware hands
 * every command here after the SDK's retry and signing steps; the sandbox
 * answers it from the persisted account or throws an AWS-shaped error, and
 * refuses anything it does not simulate, so no call silently succeeds.
 */
import { parseScript } from '../aws/shell.js';
import { isReadOperation } from '../aws/operations.js';
import type { BackendCall, SimulatedBackend } from '../aws/session.js';
import { DEFAULT_REGION } from './account/world.js';
import type { OperationContext } from './services/lib/context.js';
import { awsError, unsupported } from './services/lib/errors.js';
import { FaultInjector, type SandboxFaults } from './account/faults.js';
import type { HttpResponse } from '../io/http.js';
import { SessionSite } from './http.js';
import { seedAccount, seedRegion } from './account/seed.js';
import { seedEnvironment } from './services/elasticbeanstalk/applications.js';
import { operationHandler } from './services/index.js';
import type { RegionState, SandboxAccountState } from './account/state.js';
import { NO_SIMULATION, type RunbookSimulation } from './host/simulation.js';
import { accountPath, loadAccount, saveAccount } from './account/store.js';
import { latencySeconds, simulatedPause } from './account/time.js';

export interface OpenSandboxOptions {
  stateDir: string;
  faults?: SandboxFaults;
  region?: string;
  /** What the run's host scripts do (its runbook's simulation); without one, every script fails with 127. */
  simulation?: RunbookSimulation;
}

export interface SentScript {
  instanceId: string;
  name: string;
  text: string;
  probe: boolean;
}

/** What a fresh account holds (default VPC, public images) has existed for long: never hidden by eventual consistency. */
function seededAt(): number {
  return Date.now() - 30 * 24 * 3600 * 1000;
}

/** Loads `<stateDir>/sandbox/account.json`, or creates and saves a fresh seeded account. */
export function openSandbox(options: OpenSandboxOptions): Sandbox {
  const path = accountPath(options.stateDir);
  const region = options.region ?? DEFAULT_REGION;
  const loaded = loadAccount(path);
  const state = loaded ?? seedAccount(region, seededAt());
  const newRegion = !state.regions[region];
  if (newRegion) state.regions[region] = seedRegion(region, seededAt());
  const sandbox = new Sandbox(path, state, region, options.faults ?? {}, options.simulation ?? NO_SIMULATION);
  // Saved at once, so the seeded ids (the default VPC's) are the same in the next process.
  if (!loaded || newRegion) sandbox.save();
  return sandbox;
}

export class Sandbox implements SimulatedBackend {
  private readonly injector: FaultInjector;
  private readonly site = new SessionSite();
  /** Mutating calls run one at a time, so a failed one can be rolled back without undoing another. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    readonly accountFile: string,
    private state: SandboxAccountState,
    readonly region: string,
    faults: SandboxFaults,
    private readonly simulation: RunbookSimulation,
  ) {
    this.injector = new FaultInjector(faults);
  }

  /** The active faults; a test may change them (e.g. clear `deny`) between calls. */
  get faults(): SandboxFaults {
    return this.injector.faults;
  }

  async handle(call: BackendCall): Promise<Record<string, unknown>> {
    const read = isReadOperation(call.service, call.operation, call.input);
    await simulatedPause(latencySeconds(call.service, call.operation, read));
    const handler = operationHandler(call.service, call.operation);
    if (!handler) throw unsupported(call.service, call.operation);
    this.injector.check(call, !read && !call.probe);
    if (call.service === 'ec2' && call.input.DryRun === true) throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    if (read) return structuredClone(await handler(this.context(call, true))) as Record<string, unknown>;
    return this.exclusive(async () => {
      const before = structuredClone(this.state);
      try {
        const reply = await handler(this.context(call, false));
        this.save();
        if (!call.probe) this.injector.afterWrite(call);
        return structuredClone(reply) as Record<string, unknown>;
      } catch (err) {
        // A refused write leaves the account exactly as it was.
        this.state = before;
        throw err;
      }
    });
  }

  async httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    await simulatedPause(latencySeconds('http', 'GET', true));
    return this.site.answer(this.regionState(), url, headers, Date.now());
  }

  snapshot(): SandboxAccountState {
    return structuredClone(this.state);
  }

  scriptsSent(): SentScript[] {
    return Object.values(this.state.regions)
      .flatMap((r) => r.commands)
      .sort((a, b) => a.sentAt - b.sentAt)
      .flatMap((c) => Object.keys(c.invocations).map((instanceId) => ({ instanceId, name: parseScript(c.text)?.name ?? '(unnamed)', text: c.text, probe: c.probe })));
  }

  seedElasticBeanstalkEnvironment(app: string, env: string, opts: { cname?: string } = {}): void {
    seedEnvironment(this.regionState(), this.region, app, env, opts.cname, Date.now());
    this.save();
  }

  save(): void {
    saveAccount(this.accountFile, this.state);
  }

  private regionState(): RegionState {
    return this.state.regions[this.region]!;
  }

  private context(call: BackendCall, read: boolean): OperationContext {
    const now = Date.now();
    return {
      account: this.state,
      region: this.regionState(),
      regionName: this.region,
      now,
      call,
      read,
      simulation: this.simulation,
      visible: (createdAt) => this.injector.visible(createdAt, now, read),
      ...(this.injector.faults.smallPages ? { pageSize: this.injector.faults.smallPages } : {}),
    };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }
}
