/**
 * What the step kinds' undos share: a resource belongs to a run when its
 * `runbook:run-id` tag names the run; EC2 finds a step's resources by the
 * run's and the step's tags, for a step that failed before it recorded them.
 */
import type { StepContext, StepKind, Undo } from '../engine/model/step.js';
import { TAG_DESTROYED_RUN, TAG_RUN, TAG_RUNBOOK, TAG_STEP, tagValue, type Tag } from '../aws/tags.js';
import { hasErrorName, isNotFound } from '../aws/errors.js';
import { waitFor } from '../aws/wait.js';

export function madeByRun(ctx: Pick<StepContext, 'runId'>, tags: { Key?: string; Value?: string }[] | undefined): boolean {
  return tagValue(tags, TAG_RUN) === ctx.runId;
}

/** EC2 filters for what this run's step tagged. */
export function runStepFilters(ctx: Pick<StepContext, 'runId' | 'stepId'>): { Name: string; Values: string[] }[] {
  return [
    { Name: `tag:${TAG_RUN}`, Values: [ctx.runId] },
    { Name: `tag:${TAG_STEP}`, Values: [ctx.stepId] },
  ];
}

/** Tags for the final snapshot a destroy takes before it deletes data (as RDS calls it), and the filters that find it again on a resumed destroy. */
export function finalSnapshotTags(ctx: Pick<StepContext, 'runId' | 'runbookId' | 'stepId'>, name: string): Tag[] {
  return [
    { Key: 'Name', Value: name },
    { Key: TAG_RUNBOOK, Value: ctx.runbookId },
    { Key: TAG_DESTROYED_RUN, Value: ctx.runId },
    { Key: TAG_STEP, Value: ctx.stepId },
  ];
}

export function finalSnapshotFilters(ctx: Pick<StepContext, 'runId' | 'stepId'>): { Name: string; Values: string[] }[] {
  return [
    { Name: `tag:${TAG_DESTROYED_RUN}`, Values: [ctx.runId] },
    { Name: `tag:${TAG_STEP}`, Values: [ctx.stepId] },
  ];
}

/** The note on a resource the run only used. */
export function adoptedNote(what: string, tags: { Key?: string; Value?: string }[] | undefined): string {
  const other = tagValue(tags, TAG_RUN);
  return other ? `${what} was made by run ${other}` : `${what} was there before this run`;
}

/** Ids from the step's outputs and from its tags, once each. */
export function idsOf(...lists: (readonly (string | undefined)[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((l) => l ?? []).filter((id): id is string => typeof id === 'string' && id.length > 0 && !id.startsWith('<')))];
}

/** A kind with its undo, loaded together on first use; the undo lives in its own file beside the kind. */
export async function withUndo<I, O, F>(kind: Promise<StepKind<I, O, F>>, undo: Promise<Undo<I, O>>): Promise<StepKind<I, O, F>> {
  const [k, u] = await Promise.all([kind, undo]);
  return { ...k, undo: u };
}

/**
 * Sends a delete until nothing depends on what it deletes: AWS answers
 * DependencyViolation while, say, a terminated instance's network interface
 * lingers (`busy` names another service's answer: ACM's ResourceInUseException
 * while a deleted load balancer still holds a certificate). Gone already is done.
 */
export async function deleteWhenFree(ctx: StepContext, what: string, send: () => Promise<unknown>, maxWait = 600, busy = 'DependencyViolation'): Promise<void> {
  await waitFor(ctx, {
    what: `nothing to depend on ${what}`,
    minDelay: 5,
    maxDelay: 20,
    maxWait,
    poll: async () => {
      try {
        await send();
      } catch (err) {
        if (isNotFound(err)) return { done: true, value: undefined };
        if (hasErrorName(err, busy)) return { done: false, status: 'still in use' };
        throw err;
      }
      return { done: true, value: undefined };
    },
  });
}

