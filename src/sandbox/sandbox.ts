/**
 * The simulated AWS account behind `--sandbox`. The session's middleware hands
 * every command here after the SDK's retry and signing steps; the sandbox
 * answers it from the persisted account or throws an AWS-shaped error, and
 * refuses anything it does not simulate, so no call silently succeeds.
 */
import { Readable } from 'node:stream';
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
import { applySeed, type AccountSeed } from './account/fixtures.js';
import { seedEnvironment } from './services/elasticbeanstalk/applications.js';
import { operationHandler } from './services/index.js';
import { liveWebEndpoint } from './services/cloudformation/index.js';
import { routeToTarget } from './services/elbv2/serve.js';
import type { RegionState, SandboxAccountState } from './account/state.js';
import { NO_SIMULATION, type RunbookSimulation, type WebRequest } from './host/simulation.js';
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

/**
 * An object's bytes as the SDK hands them to its caller: a stream that can
 * also be read at once (`transformToString`), as the SDK's own answers are.
 */
function asSdkOutput(reply: Record<string, unknown>): Record<string, unknown> {
  if (!(reply.Body instanceof Uint8Array)) return reply;
  const bytes = Buffer.from(reply.Body);
  const stream = Object.assign(Readable.from([bytes]), {
    transformToString: async (encoding: BufferEncoding = 'utf8') => bytes.toString(encoding),
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToWebStream: () => Readable.toWeb(Readable.from([bytes])),
  });
  return { ...reply, Body: stream };
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
    this.regionState(call.region ?? this.region);
    if (read) {
      const reply = asSdkOutput(structuredClone(await handler(this.context(call, true))) as Record<string, unknown>);
      this.injector.afterRead(call);
      return reply;
    }
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
    let u: URL | undefined;
    try {
      u = new URL(url);
    } catch {
      u = undefined;
    }
    const app = u && (this.stackApplication(u, url, headers) ?? this.behindLoadBalancer(u, url, headers));
    return app ?? this.site.answer(this.regionState(), url, headers, Date.now());
  }

  /** A page of an application a stack serves, from the run's simulation; undefined for other hosts. */
  private stackApplication(u: URL, url: string, headers: Record<string, string>): HttpResponse | undefined {
    const endpoint = liveWebEndpoint(this.state, u.hostname.toLowerCase(), Date.now());
    if (!endpoint) return undefined;
    return this.simulatedPage({ url, path: decodeURIComponent(u.pathname), headers, app: { stackName: endpoint.stackName, parameters: endpoint.parameters } }, `stack ${endpoint.stackName}`);
  }

  /** A page an instance behind one of the account's load balancers answers, from the run's simulation; undefined for other hosts. */
  private behindLoadBalancer(u: URL, url: string, headers: Record<string, string>): HttpResponse | undefined {
    const routed = routeToTarget(this.regionState(), u, Date.now(), this.injector.faults.unhealthyGroups);
    if (!routed || 'answer' in routed) return routed?.answer;
    return this.simulatedPage({ url, path: decodeURIComponent(u.pathname), headers, app: { stackName: '', parameters: {} }, host: routed.host }, `the instances behind ${routed.loadBalancerName}`);
  }

  private simulatedPage(request: WebRequest, server: string): HttpResponse {
    for (const handler of this.simulation.web) {
      const answer = handler(request);
      if (answer) return answer;
    }
    return { status: 404, headers: { 'content-type': 'text/html', 'x-sandbox': 'simulated' }, body: `[sandbox] ${server} serves no simulated page at ${request.path}` };
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

  /** What a rehearsal declares the account already holds; applied once per account, under `name`. */
  applySeed(seed: AccountSeed, name: string): void {
    if (applySeed(this.state, (region) => this.regionState(region), seed, name, Date.now())) this.save();
  }

  seedElasticBeanstalkEnvironment(app: string, env: string, opts: { cname?: string } = {}): void {
    seedEnvironment(this.regionState(), this.region, app, env, opts.cname, Date.now());
    this.save();
  }

  save(): void {
    saveAccount(this.accountFile, this.state);
  }

  /** A region the account has not used yet is seeded as AWS hands it over (a default VPC, public images). */
  private regionState(name: string = this.region): RegionState {
    const existing = this.state.regions[name];
    if (existing) return existing;
    const seeded = (this.state.regions[name] = seedRegion(name, seededAt()));
    // Saved at once, so its default VPC keeps its ids in the next process.
    this.save();
    return seeded;
  }

  private context(call: BackendCall, read: boolean): OperationContext {
    const now = Date.now();
    // A session made for another region (a cross-region copy) names it; the others are the sandbox's region.
    const regionName = call.region ?? this.region;
    return {
      account: this.state,
      region: this.regionState(regionName),
      regionName,
      now,
      call,
      read,
      simulation: this.simulation,
      visible: (createdAt) => this.injector.visible(createdAt, now, read),
      ...(this.injector.faults.smallPages ? { pageSize: this.injector.faults.smallPages } : {}),
      ...(this.injector.faults.unhealthyGroups ? { unhealthyGroups: this.injector.faults.unhealthyGroups } : {}),
    };
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }
}
