/**
 * Destroying what `cloudformation.stack` made: the stack is deleted and
 * waited for until DELETE_COMPLETE, its events shown as progress. Its
 * termination protection is turned off first only when the run turned it on
 * (protection someone else turned on is theirs to lift). What the template
 * keeps on delete (DeletionPolicy Retain or Snapshot) is named in the note:
 * those resources outlive the stack. Its deletion token is not a drill's
 * teardown token, so a destroy never counts as a drill that proved backups.
 */
import { DeleteStackCommand, UpdateTerminationProtectionCommand, type Stack } from '../../aws/sdk/cloudformation.js';
import { keptOnDelete, parseTemplate } from '../../aws/cloudformation-template.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { EventStream, describeEvent, describeStack, waitForStack } from './stack-events.js';
import type { StackInput, StackOutputs } from './stack.js';
import { templateBody } from './template-upload.js';

const GONE = 'DELETE_COMPLETE';

/** What the template keeps when the stack is deleted, in a few words. */
function keptNote(input: Partial<StackInput>): string {
  if (!input.path || !input.sha256) return '';
  let kept;
  try {
    kept = keptOnDelete(parseTemplate(templateBody(input.path, input.sha256)));
  } catch {
    return `; what ${input.path} keeps on delete is not known (the file changed since the run)`;
  }
  return kept.length ? `; the template keeps ${kept.map((k) => `${k.logicalId} (${k.type}, ${k.policy === 'Snapshot' ? 'a final snapshot' : k.policy})`).join(', ')}` : '';
}

async function live(ctx: StepContext, nameOrId: string): Promise<Stack | undefined> {
  const s = await describeStack(ctx, nameOrId);
  return s && s.StackStatus !== GONE ? s : undefined;
}

export const stackUndo: Undo<StackInput, StackOutputs> = {
  async find(ctx, { input, outputs }) {
    const nameOrId = outputs.stackId || input.stackName;
    const s = nameOrId ? await live(ctx, nameOrId) : undefined;
    if (!s) return [];
    const mine = madeByRun(ctx, s.Tags);
    const protectedByRun = input.terminationProtection === true;
    return [
      {
        type: 'cloudformation:stack',
        id: s.StackId!,
        madeByRun: mine,
        note: mine
          ? `${s.StackName}, ${s.StackStatus}${protectedByRun ? ', termination protection off first (the run turned it on)' : ''}${keptNote(input)}`
          : adoptedNote(`stack ${s.StackName}`, s.Tags),
        details: { stackName: s.StackName, protectedByRun },
      } satisfies MadeResource,
    ];
  },
  plan: (resource) => [
    ...(resource.details?.protectedByRun ? [{ service: 'cloudformation', operation: 'UpdateTerminationProtection', input: { StackName: resource.id, EnableTerminationProtection: false } }] : []),
    { service: 'cloudformation', operation: 'DeleteStack', input: { StackName: resource.id, ClientRequestToken: '<derived from the run and step>' }, note: 'then waits for DELETE_COMPLETE, showing each stack event' },
  ],
  async remove(ctx, resource) {
    const s = await live(ctx, resource.id);
    if (!s) return;
    const name = String(resource.details?.stackName ?? s.StackName);
    const cfn = ctx.aws.cloudformation;
    const stream = new EventStream(ctx, resource.id);
    await stream.skipExisting();
    if (s.StackStatus !== 'DELETE_IN_PROGRESS') {
      if (s.EnableTerminationProtection) {
        if (!resource.details?.protectedByRun)
          throw new Error(`Stack ${name} has termination protection, which this run did not turn on: turn it off yourself if it is meant to go, then destroy again.`);
        await cfn.send(new UpdateTerminationProtectionCommand({ StackName: resource.id, EnableTerminationProtection: false }));
      }
      await cfn.send(new DeleteStackCommand({ StackName: resource.id, ClientRequestToken: `runbook-destroy-${ctx.token()}` }));
    }
    await waitForStack(ctx, stream, resource.id, { done: [GONE], failed: ['DELETE_FAILED'], maxWaitSeconds: 3 * 3600 }, (failed, failure) =>
      `Stack ${name} could not be deleted (${failed.StackStatus}${failure ? `: ${describeEvent(failure)}` : ''}): fix the resource and destroy again, or delete it in the console.`,
    );
  },
};
