/**
 * Tags that let a check find what an earlier run created, and let an operator
 * see in the console where a resource came from.
 */
export const TAG_RUNBOOK = 'runbook:id';
export const TAG_RUN = 'runbook:run-id';
export const TAG_STEP = 'runbook:step';
/** On a snapshot `runbook destroy` takes before deleting data: the operator's to keep, not the run's (a later destroy leaves it). */
export const TAG_DESTROYED_RUN = 'runbook:destroyed-run';

export interface Tag {
  Key: string;
  Value: string;
}

export function runbookTags(runbookId: string, runId: string, stepId: string, name?: string): Tag[] {
  return [
    ...(name ? [{ Key: 'Name', Value: name }] : []),
    { Key: TAG_RUNBOOK, Value: runbookId },
    { Key: TAG_RUN, Value: runId },
    { Key: TAG_STEP, Value: stepId },
  ];
}

/** EC2 filters that find what this runbook created under a name, whichever run made it. */
export function ownedByFilters(runbookId: string, name?: string): { Name: string; Values: string[] }[] {
  return [{ Name: `tag:${TAG_RUNBOOK}`, Values: [runbookId] }, ...(name ? [{ Name: 'tag:Name', Values: [name] }] : [])];
}

export function tagSpecifications<R extends string>(resourceType: R, tags: Tag[]): { ResourceType: R; Tags: Tag[] }[] {
  return [{ ResourceType: resourceType, Tags: tags }];
}

export function tagValue(tags: { Key?: string; Value?: string }[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.Key === key)?.Value;
}

/**
 * The tags a plan shows: exactly those apply sends. Without the step's
 * context (a kind's plan called on its own) they read as placeholders.
 */
export function plannedTags(ctx: { tags(name?: string): Tag[] } | undefined, name?: string): Tag[] {
  return ctx ? ctx.tags(name) : runbookTags('<runbook>', '<run-id>', '<step>', name);
}
