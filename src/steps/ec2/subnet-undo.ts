/**
 * Destroying what `ec2.subnet` made. A load balancer or an instance deleted a
 * moment ago still holds a network interface in it for a while
 * (DependencyViolation), so the delete waits.
 */
import { DeleteSubnetCommand, DescribeSubnetsCommand, type Subnet } from '../../aws/sdk/ec2.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';
import { adoptedNote, deleteWhenFree, madeByRun, runStepFilters } from '../undo.js';
import type { SubnetInput, SubnetOutputs } from './subnet.js';

async function subnets(ctx: StepContext, request: { SubnetIds?: string[]; Filters?: { Name: string; Values: string[] }[] }): Promise<Subnet[]> {
  try {
    return (await ctx.aws.ec2.send(new DescribeSubnetsCommand(request))).Subnets ?? [];
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

export const subnetUndo: Undo<SubnetInput, SubnetOutputs> = {
  async find(ctx, { outputs }) {
    const recorded = outputs.subnetId ? await subnets(ctx, { SubnetIds: [outputs.subnetId] }) : [];
    const tagged = await subnets(ctx, { Filters: runStepFilters(ctx) });
    return [...recorded, ...tagged.filter((t) => !recorded.some((r) => r.SubnetId === t.SubnetId))].map((s) => ({
      type: 'ec2:subnet',
      id: s.SubnetId!,
      madeByRun: madeByRun(ctx, s.Tags),
      ...(madeByRun(ctx, s.Tags) ? {} : { note: adoptedNote(`subnet ${s.SubnetId}`, s.Tags) }),
    }));
  },
  plan: (resource) => [{ service: 'ec2', operation: 'DeleteSubnet', input: { SubnetId: resource.id }, note: 'once no network interface is in it' }],
  remove: (ctx, resource) => deleteWhenFree(ctx, `subnet ${resource.id}`, () => ctx.aws.ec2.send(new DeleteSubnetCommand({ SubnetId: resource.id }))),
};
