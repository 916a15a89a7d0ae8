/**
 * Destroying what `ec2.instance` made: the instance is terminated (its root
 * volume goes with it), after its termination protection is turned off when
 * the run turned it on; protection someone else turned on is left to them.
 */
import { DescribeInstanceAttributeCommand, DescribeInstancesCommand, ModifyInstanceAttributeCommand, type Instance } from '../../aws/sdk/ec2.js';
import type { MadeResource, Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { adoptedNote, idsOf, madeByRun, runStepFilters } from '../undo.js';
import type { InstanceInput, InstanceOutputs } from './instance.js';
import { terminateAndWait } from './terminate-instance.js';

const GONE = new Set(['shutting-down', 'terminated']);

async function describe(ctx: Parameters<Undo<InstanceInput, InstanceOutputs>['find']>[0], filters: { Name: string; Values: string[] }[], ids?: string[]): Promise<Instance[]> {
  try {
    const res = await ctx.aws.ec2.send(new DescribeInstancesCommand({ ...(ids ? { InstanceIds: ids } : {}), Filters: filters }));
    return (res.Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => !GONE.has(i.State?.Name ?? ''));
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

export const instanceUndo: Undo<InstanceInput, InstanceOutputs> = {
  async find(ctx, { input, outputs }) {
    const recorded = outputs.instanceId ? await describe(ctx, [], [outputs.instanceId]) : [];
    const tagged = await describe(ctx, runStepFilters(ctx));
    const instances = [...recorded, ...tagged.filter((t) => !recorded.some((r) => r.InstanceId === t.InstanceId))];
    return instances.map((i): MadeResource => {
      const mine = madeByRun(ctx, i.Tags);
      return {
        type: 'ec2:instance',
        id: i.InstanceId!,
        madeByRun: mine,
        ...(mine ? (input.terminationProtection ? { note: 'termination protection off first (the run turned it on)' } : {}) : { note: adoptedNote(`instance ${i.InstanceId}`, i.Tags) }),
        details: { protectedByRun: input.terminationProtection === true },
      };
    });
  },
  plan(resource) {
    return [
      ...(resource.details?.protectedByRun ? [{ service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: resource.id, DisableApiTermination: { Value: false } } }] : []),
      { service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [resource.id] }, note: 'and wait until it is terminated' },
    ];
  },
  async remove(ctx, resource) {
    const [instance] = await describe(ctx, [], [idsOf([resource.id])[0]!]);
    if (!instance) return;
    const attr = await ctx.aws.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: resource.id, Attribute: 'disableApiTermination' }));
    if (attr.DisableApiTermination?.Value) {
      if (!resource.details?.protectedByRun)
        throw new Error(`Instance ${resource.id} has termination protection, which this run did not turn on: turn it off yourself if it is meant to go, then destroy again.`);
      await ctx.aws.ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: resource.id, DisableApiTermination: { Value: false } }));
    }
    await terminateAndWait(ctx, resource.id);
  },
};
