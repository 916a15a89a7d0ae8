/**
 * `cloudformation.deleteStack`: a drill's teardown. Termination protection
 * off (UpdateTerminationProtection), then DeleteStack with a token derived
 * from the run (its events carry it: that is how a later run knows this
 * drill's teardown deleted the stack), and a wait that streams the events.
 * What the template keeps on delete (DeletionPolicy Retain, or Snapshot) is
 * reported with the ids CloudFormation left, so the operator knows what is
 * left, what it costs, and what holds patient data.
 */
import { DeleteStackCommand, UpdateTerminationProtectionCommand, type StackEvent } from '../../aws/sdk/cloudformation.js';
import type { KeptResource } from '../../aws/cloudformation-template.js';
import { type PlannedCall } from '../../core/calls.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { EventStream, describeEvent, describeStack, stackEvents, waitForStack } from './stack-events.js';
import { TEARDOWN_TOKEN_PREFIX } from './stack.js';

export interface DeleteStackInput {
  stackId: string;
  stackName: string;
  /** What the template keeps on delete (cloudformation.template's `kept`). */
  kept: KeptResource[];
  /** What the run made outside the stack and leaves in place (snapshot copies), one line each. */
  alsoLeft?: string[];
}

export interface DeleteStackOutputs {
  /** One line per resource left behind. */
  left: string[];
}

interface Found {
  protectedStack: boolean;
  /** DeleteStack was sent already (a resume after a crash): only wait. */
  deleting?: boolean;
}

const SNAPSHOT_OF: Record<string, string> = {
  'AWS::RDS::DBInstance': 'a final DB snapshot in RDS',
  'AWS::RDS::DBCluster': 'a final DB cluster snapshot in RDS',
  'AWS::EC2::Volume': 'an EBS snapshot',
  'AWS::ElastiCache::CacheCluster': 'a final ElastiCache snapshot',
  'AWS::ElastiCache::ReplicationGroup': 'a final ElastiCache snapshot',
  'AWS::Redshift::Cluster': 'a final Redshift snapshot',
  'AWS::Neptune::DBCluster': 'a final Neptune snapshot',
};

/** What is left after the stack is gone, from the template's policies and the ids in the stack's events. */
export function leftBehind(input: DeleteStackInput, events: readonly StackEvent[]): string[] {
  const idOf = (logicalId: string) => events.find((e) => e.LogicalResourceId === logicalId && e.PhysicalResourceId)?.PhysicalResourceId;
  const skipped = new Set(events.filter((e) => e.ResourceStatus === 'DELETE_SKIPPED').map((e) => e.LogicalResourceId));
  const lines = input.kept.map((k) => {
    const id = idOf(k.logicalId);
    if (k.policy === 'Snapshot') return `${k.logicalId} (${k.type}, DeletionPolicy Snapshot): deleted after ${SNAPSHOT_OF[k.type] ?? 'a final snapshot'}${id ? ` of ${id}` : ''}, which stays and holds its data.`;
    const where = id ? ` ${id}` : '';
    return `${k.logicalId} (${k.type}, DeletionPolicy ${k.policy}):${where} ${skipped.has(k.logicalId) || !events.length ? 'kept' : 'kept when the stack is deleted'}; delete it yourself when the drill's evidence is no longer needed.`;
  });
  return [...lines, ...(input.alsoLeft ?? []).filter(Boolean)];
}

function token(ctx: StepContext): string {
  return `${TEARDOWN_TOKEN_PREFIX}${ctx.token()}`;
}

const kind: StepKind<DeleteStackInput, DeleteStackOutputs, Found> = {
  async check(ctx, input) {
    const s = input.stackId ? await describeStack(ctx, input.stackId) : undefined;
    if (!s || s.StackStatus === 'DELETE_COMPLETE') {
      const events = input.stackId && s ? await stackEvents(ctx, input.stackId) : [];
      const left = leftBehind(input, events);
      return { done: true, outputs: { left }, evidence: [`Stack ${input.stackName} (${input.stackId || 'no id'}) is deleted.`, ...left.map((l) => `Left behind: ${l}`)] };
    }
    if (s.StackStatus === 'DELETE_FAILED') return { done: false, reason: `Stack ${input.stackName} is DELETE_FAILED (${s.StackStatusReason ?? 'see its events'}); it is deleted again.`, found: { protectedStack: s.EnableTerminationProtection === true } };
    const deleting = s.StackStatus === 'DELETE_IN_PROGRESS';
    return { done: false, reason: `Stack ${input.stackName} is ${s.StackStatus}.`, found: { protectedStack: s.EnableTerminationProtection === true, deleting } };
  },
  plan(input, found): PlannedCall[] {
    if (found?.deleting) return [{ service: 'cloudformation', operation: 'DescribeStacks', input: { StackName: input.stackId }, note: 'waits for the deletion already started' }];
    return [
      ...(found?.protectedStack !== false ? [{ service: 'cloudformation', operation: 'UpdateTerminationProtection', input: { StackName: input.stackId || input.stackName, EnableTerminationProtection: false } }] : []),
      { service: 'cloudformation', operation: 'DeleteStack', input: { StackName: input.stackId || input.stackName, ClientRequestToken: '<derived from the run and step>' }, note: 'then waits for DELETE_COMPLETE, showing each stack event' },
    ];
  },
  async apply(ctx, input, found) {
    const cfn = ctx.aws.cloudformation;
    const stream = new EventStream(ctx, input.stackId);
    await stream.skipExisting();
    if (!found?.deleting) {
      if (found?.protectedStack !== false) await cfn.send(new UpdateTerminationProtectionCommand({ StackName: input.stackId, EnableTerminationProtection: false }));
      await cfn.send(new DeleteStackCommand({ StackName: input.stackId, ClientRequestToken: token(ctx) }));
    }
    await waitForStack(ctx, stream, input.stackId, { done: ['DELETE_COMPLETE'], failed: ['DELETE_FAILED'], maxWaitSeconds: 3 * 3600 }, (s, failure) =>
      `Stack ${input.stackName} could not be deleted (${s.StackStatus}${failure ? `: ${describeEvent(failure)}` : ''}): fix the resource and resume, or delete it in the console.`,
    );
    return { left: leftBehind(input, await stackEvents(ctx, input.stackId)) };
  },
  async verify(ctx, input, outputs) {
    const s = await describeStack(ctx, input.stackId);
    if (s && s.StackStatus !== 'DELETE_COMPLETE') return { ok: false, evidence: [], reason: `Stack ${input.stackName} is still ${s.StackStatus}.` };
    return { ok: true, evidence: [`Stack ${input.stackName} (${input.stackId}) is deleted.`, ...outputs.left.map((l) => `Left behind: ${l}`)] };
  },
};

export { kind as deleteStackKind };
