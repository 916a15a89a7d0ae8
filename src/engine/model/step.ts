/**
 * What a step and a step kind are. Types and small constructors only; the
 * planner and the executor give them life.
 */
import type { AwsSession } from '../../aws/session.js';
import type { HttpClient } from '../../io/http.js';
import type { PlannedCall } from '../../core/calls.js';
import type { Clock } from '../../core/clock.js';
import type { HostOutcome, StepStatus } from '../../core/status.js';
import { collectRefs, isRef, refsOf, type Inputs, type Ref, type RefsOf } from './refs.js';

export type CheckResult<O, F = unknown> =
  | { done: true; outputs: O; evidence?: string[] }
  | { done: false; reason: string; found?: F; evidence?: string[] };

export interface Evidence {
  ok: boolean;
  /** What was observed, shown in the report (command output, states, answers). */
  evidence: string[];
  /** Why it failed, in one sentence. */
  reason?: string;
}

/** What a step sees while it runs. */
export interface StepContext {
  readonly runId: string;
  readonly runbookId: string;
  readonly stepId: string;
  readonly aws: AwsSession;
  readonly clock: Clock;
  readonly http: HttpClient;
  readonly signal: AbortSignal;
  /** A person is at the terminal and answers prompts (false in --non-interactive and in tests). */
  readonly interactive: boolean;
  /** Tags for anything this step creates: Name (when given), runbook id, run id. */
  tags(name?: string): { Key: string; Value: string }[];
  /** A deterministic idempotency token for this run and step, stable across a resume. */
  token(suffix?: string): string;
  /** A progress line under the step (what is awaited, elapsed time). */
  progress(message: string): void;
  /** Values that must never reach state, logs or reports; they are redacted everywhere. */
  secret(value: string): void;
  /** A step on a fleet records each instance's outcome; a later `ok` never hides an earlier `changed`. */
  host(instanceId: string, outcome: HostOutcome): void;
  /** This runbook's templates; and where it writes files when the operator names no folder (stable across runs). */
  readonly files: { runbookDir: string; outputDir: string };
}

/** What a plan may know of its step: the tags apply would send, so the plan shows every one. */
export type PlanContext = Pick<StepContext, 'tags'>;

/** Something a run made, as `runbook destroy` sees it. */
export interface MadeResource {
  /** `ec2:instance`, `ec2:volume`, `route53:record`...: shown in the list, and the names `--delete-data` takes. */
  type: string;
  id: string;
  /** Made by this run (its `runbook:run-id` tag, or the step's own record, says so): removed. Otherwise only used by it: kept and listed. */
  madeByRun: boolean;
  /** Holds data (a volume, a file system, a database, a bucket): removed only when `--delete-data` names its type. */
  holdsData?: boolean;
  /** What removing it involves, or why it is kept, in a few words. */
  note?: string;
  /** What `remove` needs to know besides the id (the values of a DNS record, whether the run turned termination protection on). */
  details?: Record<string, unknown>;
}

export interface RemoveOptions {
  /** Take a snapshot first where the service has them (EBS volumes, RDS databases). */
  snapshotFirst: boolean;
}

/** What a step kind that creates declares, so that `runbook destroy` can remove what a run made with it. */
export interface Undo<I, O> {
  /** Read-only: what of this step's making still exists, found by its recorded outputs and the run's tags. Inputs and outputs a failed or unfinished step never had are absent. */
  find(ctx: StepContext, made: { input: Partial<I>; outputs: Partial<O>; status: StepStatus }): Promise<MadeResource[]>;
  /** Pure: the calls `remove` sends, for the confirmation and `destroy --dry-run`. */
  plan(resource: MadeResource, options: RemoveOptions): PlannedCall[];
  /** Removes it and waits until it is gone; one already gone is done. */
  remove(ctx: StepContext, resource: MadeResource, options: RemoveOptions): Promise<void>;
}

/** What a step kind does: the four questions, answered for one input. */
export interface StepKind<I, O, F = unknown> {
  check(ctx: StepContext, input: I): Promise<CheckResult<O, F>>;
  /** Pure: the calls `apply` would make, for the dry-run and the confirmation prompt. The engine always gives `ctx`. */
  plan(input: I, found: F | undefined, ctx?: PlanContext): PlannedCall[];
  /** Absent for steps that only observe: a failing check is then a failed step. */
  apply?(ctx: StepContext, input: I, found: F | undefined): Promise<O>;
  verify?(ctx: StepContext, input: I, outputs: O): Promise<Evidence>;
  /** Manual steps: the instructions a person follows; the engine waits for an acknowledgement. */
  instructions?(input: I): string;
  /** Output keys that are secret: held in memory for later steps, never written to state. */
  readonly secretOutputs?: readonly string[];
  /** A kind that creates something: how `runbook destroy` finds and removes it. */
  readonly undo?: Undo<I, O>;
}

/** What a runbook, `show` and `check` know of a kind without loading it (nor the AWS SDK it uses). */
export interface StepKindInfo<I> {
  /** Service-qualified name, e.g. `ec2.securityGroup`. */
  readonly kind: string;
  /** False for steps whose apply changes nothing in the account (verifications, lookups). */
  readonly mutating: boolean;
  /** Only a person can do it: the engine shows instructions and waits for an acknowledgement. */
  readonly manual?: boolean;
  /** The step's title when the runbook gives none. */
  title?(id: string, input: Inputs<I>): string;
}

/** A kind whose implementation is loaded on first use (the shipped kinds), or given inline. */
export type StepKindSpec<I, O, F = unknown> = StepKindInfo<I> & ({ load(): Promise<StepKind<I, O, F>> } | StepKind<I, O, F>);

export interface Condition {
  /** Shown by `runbook show` and as the skip reason, e.g. "ebApplication is given". */
  describe: string;
  test(params: Record<string, unknown>): boolean;
}

/**
 * A condition decided when the step is reached, on an earlier step's output
 * (an image already made, say) rather than on the parameters: false skips the
 * step, and every step that reads its outputs, at run time.
 */
export interface OutputCondition<T = unknown> {
  describe: string;
  output: Ref<T>;
  holds(value: T): boolean;
}

export function isOutputCondition(when: Condition | OutputCondition | undefined): when is OutputCondition {
  return when !== undefined && 'output' in when;
}

export interface StepMeta {
  /** Numbered source steps this step covers, e.g. "22-35" or "18, 21". */
  covers: string;
  title?: string;
  when?: Condition | OutputCondition;
  /** Ordering without a data dependency (e.g. scripts on one host). */
  after?: readonly AnyStep[];
  /**
   * The id of a later step that ends what this one checks (the image of a builder, which is terminated after it):
   * once the run has recorded both done, a resume keeps this step's result rather than checking a builder that is gone.
   */
  settledBy?: string;
}

/** Outputs of a step that the run's summary, `status` and the reports show, by output key: `{ instanceId: 'Redis instance' }`. */
export type KeyOutputs<O> = { readonly [K in keyof O & string]?: string };

export interface Step<O = Record<string, unknown>> {
  readonly id: string;
  readonly title: string;
  readonly covers: readonly string[];
  readonly kind: string;
  readonly mutating: boolean;
  readonly manual: boolean;
  /** Options as declared, refs included. */
  readonly input: unknown;
  readonly when?: Condition | OutputCondition;
  readonly after: readonly string[];
  readonly settledBy?: string;
  readonly out: RefsOf<O>;
  /** Outputs shown in the run's summary and reports, with their labels. */
  readonly report: Readonly<Record<string, string>>;
  /** The kind's implementation; loaded once, when a run first needs it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each step holds its own kind's input type
  load(): Promise<StepKind<any, O, any>>;
}

/** A step of any output type, as runbooks and the engine hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs differ per step kind
export type AnyStep = Step<any>;

/** Ids of the steps whose outputs this step reads. */
export function dataDependenciesOf(step: Step): string[] {
  const refs = [...collectRefs(step.input), ...(isOutputCondition(step.when) ? [step.when.output] : [])];
  return [...new Set(refs.map((r) => r.source).filter((s) => s !== 'params'))];
}

/** Data dependencies plus the explicit `after` (ordering only). */
export function dependenciesOf(step: Step): string[] {
  return [...new Set([...dataDependenciesOf(step), ...step.after])];
}

/**
 * Turn a step kind into a factory: `securityGroup('id', { covers, ...options })`.
 * The shipped kinds give `load`, so that defining a runbook loads no SDK; a
 * kind written inside a runbook may give `check`, `plan` and `apply` inline.
 */
export function defineStepKind<I, O, F = unknown>(spec: StepKindSpec<I, O, F>): (id: string, options: Inputs<I> & StepMeta & { report?: KeyOutputs<O> }) => Step<O> {
  let loaded: Promise<StepKind<I, O, F>> | undefined;
  const load = () => (loaded ??= 'load' in spec ? spec.load() : Promise.resolve(spec));
  return (id, options) => {
    const { covers, title, when, after, settledBy, report, ...input } = options as Inputs<I> & StepMeta & { report?: Record<string, string> };
    return {
      id,
      title: title ?? spec.title?.(id, withParamPlaceholders(input) as Inputs<I>) ?? `${spec.kind} ${id}`,
      covers: parseCovers(covers),
      kind: spec.kind,
      mutating: spec.mutating,
      manual: spec.manual ?? false,
      input,
      when,
      after: (after ?? []).map((s) => s.id),
      ...(settledBy ? { settledBy } : {}),
      out: refsOf<O>(id),
      report: { ...report },
      load,
    };
  };
}

/** A kind's title sees a parameter as `{name}`, which `titleOf` fills in when the run knows it. */
function withParamPlaceholders(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, isRef(v) && v.source === 'params' ? `{${v.key}}` : v]));
}

/** A step's title with its `{parameter}` placeholders filled from the run's values (`show` keeps them). */
export function titleOf(step: { title: string }, params: Record<string, unknown>): string {
  return step.title.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (placeholder, name: string) =>
    Object.hasOwn(params, name) && params[name] !== undefined && params[name] !== null ? String(params[name]) : placeholder,
  );
}

export function parseCovers(covers: string): string[] {
  return covers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
