/**
 * One place builds every AWS client: region, profile, endpoint, sandbox, and
 * the middleware that records each call and enforces the read-only rules.
 *
 * - A dry-run refuses every write here, in the client layer, whatever a step does.
 * - A step's `check` and `verify` phases may only read; a write there is a bug
 *   and is refused the same way.
 * - In the sandbox a middleware answers each command after the SDK's retry and
 *   signing middleware (so retries behave as with AWS) and before any byte
 *   could leave the process.
 */
import type { ACMClient } from '@aws-sdk/client-acm';
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { EFSClient } from '@aws-sdk/client-efs';
import type { ElasticBeanstalkClient } from '@aws-sdk/client-elastic-beanstalk';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import type { HandlerExecutionContext, MetadataBearer, Pluggable } from '@smithy/types';
import type { CallRecord } from '../core/calls.js';
import { currentCallContext } from './call-context.js';
import { loadedClient } from './client-registry.js';
import { notAnAwsResponse } from './errors.js';
import { isReadOperation, operationOfCommand, serviceOfClient } from './operations.js';

export interface AwsTarget {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

export interface BackendCall {
  service: string;
  operation: string;
  /** The region the client was made for (a session in another region: `inRegion`). */
  region?: string;
  input: Record<string, unknown>;
  stepId?: string;
  probe: boolean;
}

/** The simulated account behind `--sandbox`: answers a command or throws an AWS-shaped error. */
export interface SimulatedBackend {
  readonly region: string;
  handle(call: BackendCall): Promise<Record<string, unknown>>;
}

export interface AwsSessionOptions {
  target: AwsTarget;
  dryRun?: boolean;
  backend?: SimulatedBackend;
  onCall?: (record: CallRecord) => void;
  /** Sees every request's input before it is sent (the benchmark replays a run's reads with the AWS CLI). */
  onRequest?: (service: string, operation: string, input: object) => void;
  /**
   * Send host probes (read-only SSM Run Command scripts)? A dry-run by a
   * read-only role turns them off: each probe is then refused unsent
   * (ProbesOff) and the step reported as not checked. Default: on.
   */
  probes?: boolean;
  /** Total attempts per call, retries included (SDK default 3). */
  maxAttempts?: number;
  /** The region of a session made by `inRegion`; wins over the target's and the backend's. */
  regionOverride?: string;
  /**
   * Scale the SDK's retry backoff (the sandbox runs its clock faster than AWS,
   * so its throttling is retried on the same scaled clock). Default: AWS's own timing.
   */
  retryBackoffScale?: number;
}

/** A host probe was not sent: the run was asked not to send probes (--no-probes). */
export class ProbesOff extends Error {
  override name = 'ProbesOff';
  constructor(readonly action: string) {
    super(`Not checked: ${action} (a read-only host probe) was not sent, as --no-probes asks.`);
  }
}

export class ReadOnlyViolation extends Error {
  constructor(
    readonly action: string,
    readonly why: 'dry-run' | 'read-only-phase',
  ) {
    super(
      why === 'dry-run'
        ? `Dry-run: refused to send ${action}, which would change the account.`
        : `Refused ${action}: a step's check and verify may only read.`,
    );
    this.name = 'ReadOnlyViolation';
  }
}

interface ClientLike {
  middlewareStack: { add: (mw: never, opts: never) => void };
  destroy(): void;
}

export class AwsSession {
  readonly region: string | undefined;
  readonly sandbox: boolean;
  private readonly clients = new Map<string, ClientLike>();
  private readonly regional = new Map<string, AwsSession>();

  constructor(private readonly options: AwsSessionOptions) {
    this.sandbox = options.backend !== undefined;
    // The run's region wins over the sandbox's default, so a resume stays where the run began.
    this.region = options.regionOverride ?? options.target.region ?? options.backend?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  }

  /**
   * The same session (dry-run guard, recording, sandbox) in another region:
   * snapshots, their copies and KMS keys are regional, so a cross-region
   * restore reads and writes in two regions.
   */
  inRegion(region: string): AwsSession {
    if (region === this.region) return this;
    let session = this.regional.get(region);
    if (!session) this.regional.set(region, (session = new AwsSession({ ...this.options, regionOverride: region })));
    return session;
  }

  /** The named profile the clients use, if any (tools the runbook spawns get the same one). */
  get profile(): string | undefined {
    return this.sandbox ? undefined : (this.options.target.profile ?? process.env.AWS_PROFILE);
  }

  get dryRun(): boolean {
    return this.options.dryRun ?? false;
  }

  /** The endpoint every call goes to instead of AWS's own (an emulator), if any. */
  get endpointUrl(): string | undefined {
    return this.sandbox ? undefined : this.options.target.endpointUrl;
  }

  get ec2(): EC2Client {
    return this.client<EC2Client>('ec2');
  }
  get efs(): EFSClient {
    return this.client<EFSClient>('efs');
  }
  get ssm(): SSMClient {
    return this.client<SSMClient>('ssm');
  }
  get iam(): IAMClient {
    return this.client<IAMClient>('iam');
  }
  get sts(): STSClient {
    return this.client<STSClient>('sts');
  }
  get s3(): S3Client {
    return this.client<S3Client>('s3', { forcePathStyle: this.options.target.endpointUrl !== undefined });
  }
  get elasticBeanstalk(): ElasticBeanstalkClient {
    return this.client<ElasticBeanstalkClient>('elasticbeanstalk');
  }
  get route53(): Route53Client {
    return this.client<Route53Client>('route53');
  }
  get cloudformation(): CloudFormationClient {
    return this.client<CloudFormationClient>('cloudformation');
  }
  get rds(): RDSClient {
    return this.client<RDSClient>('rds');
  }
  get kms(): KMSClient {
    return this.client<KMSClient>('kms');
  }
  /** Classic load balancers (Elastic Load Balancing, not v2). */
  get elb(): ElasticLoadBalancingClient {
    return this.client<ElasticLoadBalancingClient>('elb');
  }
  get acm(): ACMClient {
    return this.client<ACMClient>('acm');
  }
  get elbv2(): ElasticLoadBalancingV2Client {
    return this.client<ElasticLoadBalancingV2Client>('elbv2');
  }
  get autoscaling(): AutoScalingClient {
    return this.client<AutoScalingClient>('autoscaling');
  }
  get secretsmanager(): SecretsManagerClient {
    return this.client<SecretsManagerClient>('secretsmanager');
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
    for (const s of this.regional.values()) s.destroy();
    this.regional.clear();
  }

  /** The service's client, made on first use from the class its sdk/ module registered. */
  private client<C>(key: string, extra: Record<string, unknown> = {}): C {
    const existing = this.clients.get(key);
    if (existing) return existing as C;
    const Ctor = loadedClient(key);
    const { target, backend, maxAttempts } = this.options;
    const attempts = maxAttempts ?? 3;
    const config: Record<string, unknown> = { ...extra, maxAttempts: attempts };
    const scale = this.options.retryBackoffScale;
    if (scale !== undefined)
      // Exponential backoff with jitter, as the SDK's standard strategy, on the scaled clock.
      config.retryStrategy = new ConfiguredRetryStrategy(attempts, (attempt) => scale * Math.min(20_000, 100 * 2 ** attempt * (1 + Math.random())));
    if (this.region) config.region = this.region;
    if (backend) {
      // Never used to sign anything that leaves the process: the sandbox answers first.
      config.credentials = { accessKeyId: 'SANDBOX', secretAccessKey: 'SANDBOX' };
    } else {
      if (target.profile) config.profile = target.profile;
      if (target.endpointUrl) config.endpoint = target.endpointUrl;
    }
    const client = new Ctor(config);
    for (const plugin of this.plugins()) (plugin as Pluggable<object, MetadataBearer>).applyToStack(client.middlewareStack as never);
    this.clients.set(key, client);
    return client as C;
  }

  private plugins(): Pluggable<object, MetadataBearer>[] {
    const plugins: Pluggable<object, MetadataBearer>[] = [this.guardAndRecord()];
    if (this.options.backend) plugins.push(answerFromBackend(this.options.backend, this.region));
    return plugins;
  }

  private guardAndRecord(): Pluggable<object, MetadataBearer> {
    const options = this.options;
    const mw =
      (next: (args: { input: object }) => Promise<{ output: MetadataBearer }>, context: HandlerExecutionContext) =>
      async (args: { input: object }) => {
        const service = serviceOfClient(context.clientName ?? '');
        const operation = operationOfCommand(context.commandName ?? '');
        const cc = currentCallContext();
        const probe = cc?.probe === true && service === 'ssm' && operation === 'SendCommand';
        const mutating = !probe && !isReadOperation(service, operation, args.input);
        const record: CallRecord = {
          stepId: cc?.stepId,
          phase: cc?.phase ?? 'run',
          service,
          operation,
          mutating,
          ...(probe ? { probe } : {}),
          sent: true,
          startedAt: new Date().toISOString(),
          durationMs: 0,
          attempts: 0,
        };
        options.onRequest?.(service, operation, args.input);
        const started = performance.now();
        if (probe && options.probes === false) {
          record.sent = false;
          record.errorName = 'ProbesOff';
          options.onCall?.(record);
          throw new ProbesOff(`${service}:${operation}`);
        }
        const refuse = mutating && (options.dryRun ? 'dry-run' : cc && (cc.phase === 'check' || cc.phase === 'verify') ? 'read-only-phase' : undefined);
        if (refuse) {
          record.sent = false;
          record.errorName = 'ReadOnlyViolation';
          options.onCall?.(record);
          throw new ReadOnlyViolation(`${service}:${operation}`, refuse);
        }
        try {
          const result = await next(args);
          record.requestId = result.output.$metadata?.requestId;
          record.attempts = result.output.$metadata?.attempts ?? 1;
          return result;
        } catch (err) {
          const e = err as { name?: string; $metadata?: { requestId?: string; attempts?: number } };
          const foreign = notAnAwsResponse(err, `${service}:${operation}`, options.target.endpointUrl ?? `the AWS endpoint of ${service} in ${this.region ?? 'the region'}`);
          record.errorName = foreign?.name ?? e.name ?? 'Error';
          record.requestId = e.$metadata?.requestId;
          record.attempts = e.$metadata?.attempts ?? 1;
          throw foreign ?? err;
        } finally {
          record.durationMs = Math.round((performance.now() - started) * 100) / 100;
          options.onCall?.(record);
        }
      };
    const opts = { step: 'initialize', priority: 'high', name: 'runbookGuardAndRecord' } as const;
    return { applyToStack: (stack) => stack.add(mw as never, opts) };
  }
}

let sandboxRequests = 0;

function answerFromBackend(backend: SimulatedBackend, region: string | undefined): Pluggable<object, MetadataBearer> {
  const mw =
    (_next: unknown, context: HandlerExecutionContext) =>
    async (args: { input: Record<string, unknown> }) => {
      const cc = currentCallContext();
      const service = serviceOfClient(context.clientName ?? '');
      const operation = operationOfCommand(context.commandName ?? '');
      const output = await backend.handle({ service, operation, ...(region ? { region } : {}), input: args.input, stepId: cc?.stepId, probe: cc?.probe === true });
      const requestId = `sandbox-${process.pid}-${++sandboxRequests}`;
      return {
        output: { ...output, $metadata: { httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 } },
        response: { statusCode: 200, headers: {} },
      };
    };
  // After retry and signing, so that throttling injected by the sandbox is retried by the SDK.
  const opts = { step: 'finalizeRequest', priority: 'low', name: 'runbookSandboxBackend' } as const;
  return { applyToStack: (stack) => stack.add(mw as never, opts) };
}
