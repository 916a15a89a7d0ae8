/**
 * `cloudformation.stack`: a stack made from a template with these
 * parameters, created once and waited for while its events stream as
 * progress. CreateStack carries a ClientRequestToken derived from the run
 * and step (a retry after a lost answer is the same request), the runbook's
 * tags (so a later run adopts the stack instead of failing on its name) and
 * termination protection. A stack of this name that this runbook did not
 * make, or made from other values of the identifying parameters, is never
 * adopted; one that failed and rolled back is a sentence saying what to do.
 *
 * A drill deletes its stack when it is proven (cloudformation.deleteStack).
 * With `acceptProvenDrill`, a stack this runbook made from the same
 * identifying values and deleted with its teardown token counts as done:
 * that backup set was restored and verified already, and a run again with
 * the same parameters changes nothing. CloudFormation keeps deleted stacks
 * (by stack id, ListStacks) for 90 days.
 */
import { CreateStackCommand, ListStacksCommand, type Capability, type Parameter, type Stack } from '../../aws/sdk/cloudformation.js';
import { TAG_RUN, TAG_RUNBOOK, tagValue } from '../../aws/tags.js';
import { type PlannedCall } from '../../core/calls.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { EventStream, describeEvent, describeStack, stackEvents, waitForStack } from './stack-events.js';
import { templateBody } from './template-upload.js';

export interface StackInput {
  stackName: string;
  path: string;
  sha256: string;
  /** '' or absent: the body is sent inline. */
  templateUrl?: string;
  /** Candidate values; only those the template declares are sent, and undefined ones are left out. */
  parameters: Record<string, string | undefined>;
  /** More parameters as `Key=Value,Key=Value` (the template's other inputs). */
  extraParameters?: string;
  declared: string[];
  required: string[];
  capabilities: string[];
  /** Parameters whose values say which stack this is: a stack with other values is not adopted. */
  identity: string[];
  terminationProtection: boolean;
  /** A drill's stack, made and deleted by this runbook from the same identifying values, counts as done. */
  acceptProvenDrill: boolean;
  /** The output holding the application's URL. */
  urlOutput?: string;
  timeoutMinutes: number;
}

export interface StackOutputs {
  stackId: string;
  stackName: string;
  region: string;
  outputs: Record<string, string>;
  url: string;
  /** The URL's host name (a DNS record points at it). */
  host: string;
  /** Set when an earlier run's drill proved these backups and deleted its stack: what proved it. */
  provenBy: string;
}

interface Found {
  /** A stack being created (a resume): wait for it instead of creating one. */
  creating?: string;
}

/** DeleteStack tokens of a drill's teardown start with this; a deletion by anyone else proves nothing. */
export const TEARDOWN_TOKEN_PREFIX = 'runbook-teardown-';
/** The tag naming the template a stack was made from (the start of its SHA-256). */
export const TAG_TEMPLATE = 'runbook:template-sha256';

const templateTag = (input: StackInput) => input.sha256.slice(0, 16);

// A rollback in progress is waited out, so the sentence names where it ended.
const FAILED_CREATE = ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED', 'DELETE_COMPLETE', 'DELETE_FAILED'];

export function parseExtraParameters(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`stackParameters: expected Key=Value pairs separated by commas, got "${part}".`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** The parameters CreateStack gets: declared ones with a value; a required one without a value is a sentence, before any write. */
export function stackParameters(input: StackInput): Parameter[] {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...input.parameters, ...parseExtraParameters(input.extraParameters) })) if (v !== undefined && v !== '' && input.declared.includes(k)) values[k] = v;
  const undeclared = Object.keys(parseExtraParameters(input.extraParameters)).filter((k) => !input.declared.includes(k));
  if (undeclared.length) throw new Error(`stackParameters names ${undeclared.join(', ')}, which the template does not declare (it declares ${input.declared.join(', ')}).`);
  const missing = input.required.filter((k) => !(k in values));
  if (missing.length) throw new Error(`The template needs a value for ${missing.join(', ')}: pass ${missing.map((m) => (m === 'EC2KeyPair' ? 'keyPair' : m === 'TimeZone' ? 'timeZone' : `stackParameters ${m}=...`)).join(', ')}.`);
  return Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
}

const paramsOf = (s: Stack) => Object.fromEntries((s.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));

function outputsOf(s: Stack, input: StackInput, region: string, provenBy = ''): StackOutputs {
  const outputs = Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  const url = input.urlOutput ? (outputs[input.urlOutput] ?? '') : '';
  let host = '';
  try {
    host = url ? new URL(url).hostname : '';
  } catch {
    // An output that is not a URL has no host.
  }
  return { stackId: s.StackId ?? '', stackName: s.StackName ?? input.stackName, region, outputs, url, host, provenBy };
}

function outputLines(s: Stack): string[] {
  return (s.Outputs ?? []).map((o) => `Output ${o.OutputKey} = ${o.OutputValue}${o.Description ? ` (${o.Description})` : ''}`);
}

/** What says the stack is another than this run's: other values of the identifying parameters, or another template. */
function identityDiff(s: Stack, input: StackInput, wanted: Record<string, string>): string[] {
  const have = paramsOf(s);
  const diff = input.identity.filter((k) => k in wanted && have[k] !== wanted[k]).map((k) => `${k}=${have[k] ?? '(none)'}`);
  const made = tagValue(s.Tags, TAG_TEMPLATE);
  if (made !== templateTag(input)) diff.push(`template ${made ?? '(untagged)'}, not ${templateTag(input)}`);
  return diff;
}

function rolledBack(input: StackInput, region: string, status: string, failure?: string): string {
  return (
    `Stack ${input.stackName} is ${status}${failure ? ` (${failure})` : ''}: CloudFormation cannot create it again under this name until it is deleted. ` +
    `Read its events, fix the cause, then turn termination protection off and delete it (aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name ${input.stackName} --region ${region}; ` +
    `aws cloudformation delete-stack --stack-name ${input.stackName} --region ${region}) and resume.`
  );
}

/**
 * What a drill's teardown leaves: the stack, deleted by it, proves the
 * backups. An earlier run's proof is said (provenBy); this run's own (a
 * resume after its teardown began) changes nothing of what it recorded.
 */
function proof(ctx: StepContext, s: Stack, input: StackInput, region: string, deletedAt: Date | undefined): { done: true; outputs: StackOutputs; evidence: string[] } {
  const run = tagValue(s.Tags, TAG_RUN) ?? 'an earlier run';
  const when = deletedAt ? ` at ${deletedAt.toISOString()}` : '';
  if (run === ctx.runId)
    return { done: true, outputs: outputsOf(s, input, region), evidence: [`Stack ${s.StackId} was verified by this run, whose teardown is deleting it (started${when}).`] };
  const evidence = `Proven by drill ${run}: stack ${s.StackId} was created from these backups, verified, and deleted by its teardown${when}.`;
  return { done: true, outputs: outputsOf(s, input, region, evidence), evidence: [evidence] };
}

/** The stack-level event of a teardown's deletion, when the stack was deleted by one. */
async function teardownDeletion(ctx: StepContext, stackId: string) {
  const deleting = (await stackEvents(ctx, stackId)).find((e) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatus === 'DELETE_IN_PROGRESS');
  return deleting?.ClientRequestToken?.startsWith(TEARDOWN_TOKEN_PREFIX) ? deleting : undefined;
}

/** The newest deleted stack of this name that this runbook's teardown deleted, made from the same identifying values. */
async function provenDrill(ctx: StepContext, input: StackInput, wanted: Record<string, string>): Promise<{ stack: Stack; deletedAt?: Date } | undefined> {
  const candidates: string[] = [];
  let token: string | undefined;
  do {
    const res = await ctx.aws.cloudformation.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'], NextToken: token }));
    for (const s of res.StackSummaries ?? []) if (s.StackName === input.stackName && s.StackId) candidates.push(s.StackId);
    token = res.NextToken;
  } while (token && candidates.length < 10);
  for (const stackId of candidates) {
    const s = await describeStack(ctx, stackId);
    if (!s || tagValue(s.Tags, TAG_RUNBOOK) !== ctx.runbookId || identityDiff(s, input, wanted).length) continue;
    const deletion = await teardownDeletion(ctx, stackId);
    if (deletion) return { stack: s, deletedAt: deletion.Timestamp };
  }
  return undefined;
}

function createRequest(ctx: StepContext, input: StackInput) {
  return {
    StackName: input.stackName,
    ...(input.templateUrl ? { TemplateURL: input.templateUrl } : { TemplateBody: templateBody(input.path, input.sha256) }),
    Parameters: stackParameters(input),
    Capabilities: input.capabilities as Capability[],
    Tags: [...ctx.tags(input.stackName), { Key: TAG_TEMPLATE, Value: templateTag(input) }],
    EnableTerminationProtection: input.terminationProtection,
    ClientRequestToken: `runbook-create-${ctx.token()}`,
    TimeoutInMinutes: input.timeoutMinutes,
  };
}

const kind: StepKind<StackInput, StackOutputs, Found> = {
  async check(ctx, input) {
    const region = ctx.aws.region ?? '';
    const wanted = Object.fromEntries(stackParameters(input).map((p) => [p.ParameterKey!, p.ParameterValue!]));
    const live = await describeStack(ctx, input.stackName);
    if (live) {
      const status = live.StackStatus ?? '';
      if (tagValue(live.Tags, TAG_RUNBOOK) !== ctx.runbookId)
        throw new Error(`A stack ${input.stackName} exists in ${region} that runbook ${ctx.runbookId} did not make: choose another stackName, or delete it.`);
      const diff = identityDiff(live, input, wanted);
      if (diff.length) throw new Error(`Stack ${input.stackName} was made by this runbook from other backups or another template (${diff.join('; ')}): delete it (termination protection off first) or choose another stackName.`);
      if (status === 'DELETE_IN_PROGRESS') {
        const deletion = input.acceptProvenDrill ? await teardownDeletion(ctx, live.StackId!) : undefined;
        if (deletion) return proof(ctx, live, input, region, deletion.Timestamp);
        throw new Error(`Stack ${input.stackName} is being deleted: resume when it is gone.`);
      }
      if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || status === 'UPDATE_ROLLBACK_COMPLETE')
        return { done: true, outputs: outputsOf(live, input, region), evidence: [`${live.StackId}: ${status}, made by this runbook (${tagValue(live.Tags, 'runbook:run-id')})`, ...outputLines(live)] };
      if (status === 'CREATE_IN_PROGRESS') return { done: false, reason: `Stack ${input.stackName} is being created.`, found: { creating: live.StackId! } };
      throw new Error(rolledBack(input, region, status, live.StackStatusReason));
    }
    if (input.acceptProvenDrill) {
      const proven = await provenDrill(ctx, input, wanted);
      if (proven) return proof(ctx, proven.stack, input, region, proven.deletedAt);
    }
    return { done: false, reason: `No stack ${input.stackName} in ${region} yet.`, found: {} };
  },
  plan(input, found): PlannedCall[] {
    if (found?.creating) return [{ service: 'cloudformation', operation: 'DescribeStacks', input: { StackName: found.creating }, note: 'waits for the stack being created' }];
    return [
      {
        service: 'cloudformation',
        operation: 'CreateStack',
        input: {
          StackName: input.stackName,
          ...(input.templateUrl ? { TemplateURL: input.templateUrl } : { TemplateBody: `<${input.path}>` }),
          Parameters: stackParameters(input),
          Capabilities: input.capabilities,
          EnableTerminationProtection: input.terminationProtection,
          Tags: '<runbook tags>',
          ClientRequestToken: '<derived from the run and step>',
        },
        note: 'then waits for CREATE_COMPLETE, showing each stack event',
      },
    ];
  },
  async apply(ctx, input, found) {
    const region = ctx.aws.region ?? '';
    let stackId = found?.creating;
    if (!stackId) stackId = (await ctx.aws.cloudformation.send(new CreateStackCommand(createRequest(ctx, input)))).StackId!;
    ctx.progress(`Stack ${stackId}: waiting for CREATE_COMPLETE`);
    const stream = new EventStream(ctx, stackId);
    const stack = await waitForStack(ctx, stream, stackId, { done: ['CREATE_COMPLETE'], failed: FAILED_CREATE, maxWaitSeconds: input.timeoutMinutes * 60 + 600 }, (s, failure) =>
      rolledBack(input, region, s.StackStatus ?? '', failure ? describeEvent(failure) : s.StackStatusReason),
    );
    return outputsOf(stack, input, region);
  },
};

export { kind as stackKind };
