/**
 * A stack's events as a run shows them: each new one (resource, status,
 * reason) becomes a progress line while the step waits, and a failure is
 * told by the first resource that failed and why, as the console's Events
 * tab would show it.
 */
import { DescribeStackEventsCommand, DescribeStacksCommand, type Stack, type StackEvent } from '../../aws/sdk/cloudformation.js';
import { waitFor } from '../../aws/wait.js';
import type { StepContext } from '../../engine/model/step.js';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

export function describeEvent(e: StackEvent): string {
  return `${e.LogicalResourceId} (${e.ResourceType}) ${e.ResourceStatus}${e.ResourceStatusReason ? `: ${e.ResourceStatusReason}` : ''}`;
}

const notVisible = (err: unknown) => (err as Error).name === 'ValidationError' && /does not exist/.test((err as Error).message);

/** Every event of a stack (a deleted one by its id), newest first, page by page; none while a new stack is not visible yet. */
export async function stackEvents(ctx: StepContext, stackId: string, stopAt?: Set<string>): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  do {
    let res;
    try {
      res = await ctx.aws.cloudformation.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: token }));
    } catch (err) {
      // A stack just created is not visible at once (eventual consistency).
      if (!token && notVisible(err)) return events;
      throw err;
    }
    for (const e of res.StackEvents ?? []) {
      if (stopAt?.has(e.EventId ?? '')) return events;
      events.push(e);
    }
    token = res.NextToken;
  } while (token);
  return events;
}

/** New events since the last call, oldest first, each shown as progress. */
export class EventStream {
  private readonly seen = new Set<string>();
  private readonly shown: StackEvent[] = [];
  constructor(
    private readonly ctx: StepContext,
    private readonly stackId: string,
  ) {}

  /** Mark what is there already as seen: only what happens from now on is shown. */
  async skipExisting(): Promise<void> {
    for (const e of await stackEvents(this.ctx, this.stackId)) this.seen.add(e.EventId ?? '');
  }

  async next(): Promise<StackEvent[]> {
    const fresh = (await stackEvents(this.ctx, this.stackId, this.seen)).reverse();
    for (const e of fresh) {
      this.seen.add(e.EventId ?? '');
      this.shown.push(e);
      this.ctx.progress(describeEvent(e));
    }
    return fresh;
  }

  /** Everything shown so far, oldest first. */
  get events(): readonly StackEvent[] {
    return this.shown;
  }
}

/** The first resource that failed (not one cancelled because another failed), else the stack's own failure. */
export function firstFailure(events: readonly StackEvent[]): StackEvent | undefined {
  const failed = events.filter((e) => e.ResourceStatus?.endsWith('_FAILED'));
  return failed.find((e) => e.ResourceType !== STACK_TYPE && e.ResourceStatusReason !== 'Resource creation cancelled') ?? failed[0];
}

export async function describeStack(ctx: StepContext, nameOrId: string): Promise<Stack | undefined> {
  try {
    return (await ctx.aws.cloudformation.send(new DescribeStacksCommand({ StackName: nameOrId }))).Stacks?.[0];
  } catch (err) {
    if (notVisible(err)) return undefined;
    throw err;
  }
}

export interface StackWait {
  /** Statuses that end the wait well. */
  done: readonly string[];
  /** Statuses that end it badly. */
  failed: readonly string[];
  maxWaitSeconds: number;
}

/** Wait for a stack to settle, streaming its events; resolves with the stack and the events seen, or throws with the first failure. */
export async function waitForStack(ctx: StepContext, stream: EventStream, stackId: string, spec: StackWait, onFailure: (stack: Stack, failure: StackEvent | undefined) => string): Promise<Stack> {
  const stack = await waitFor(ctx, {
    what: `stack ${stackId.split('/')[1] ?? stackId}`,
    minDelay: 5,
    maxDelay: 30,
    maxWait: spec.maxWaitSeconds,
    poll: async () => {
      await stream.next();
      // By its id a stack is found in every state, deleted too: not found is not visible yet.
      const s = await describeStack(ctx, stackId);
      if (!s) return { done: false, status: 'not visible yet' };
      const status = s.StackStatus ?? '';
      if (spec.done.includes(status)) return { done: true, value: s };
      if (spec.failed.includes(status)) return { failed: onFailure(s, firstFailure(stream.events)) };
      return { done: false, status };
    },
  });
  await stream.next();
  return stack;
}
