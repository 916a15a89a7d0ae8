/**
 * Destroying what the elbv2 kinds made: listeners, then the load balancer
 * (its listeners go with it), then the target group once nothing sends to
 * it (the run's reverse order). Each is found by its recorded ARN or name
 * and its `runbook:run-id` tag.
 */
import { DeleteListenerCommand, DeleteLoadBalancerCommand, DeleteTargetGroupCommand, DescribeListenersCommand } from '../../aws/sdk/elbv2.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { elbTags, findLoadBalancer, findTargetGroup } from './find.js';
import type { ListenerInput, ListenerOutputs } from './listener.js';
import type { LoadBalancerInput, LoadBalancerOutputs } from './load-balancer.js';
import type { TargetGroupInput, TargetGroupOutputs } from './target-group.js';

const GONE = ['LoadBalancerNotFoundException', 'TargetGroupNotFoundException', 'ListenerNotFoundException', 'LoadBalancerNotFound', 'TargetGroupNotFound', 'ListenerNotFound'];

async function made(ctx: StepContext, type: string, arn: string, id: string, what: string): Promise<MadeResource> {
  const tags = await elbTags(ctx, arn);
  const mine = madeByRun(ctx, tags);
  return { type, id, madeByRun: mine, details: { arn }, ...(mine ? {} : { note: adoptedNote(what, tags) }) };
}

async function ignoringGone(send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (!hasErrorName(err, ...GONE)) throw err;
  }
}

export const targetGroupUndo: Undo<TargetGroupInput, TargetGroupOutputs> = {
  async find(ctx, { input, outputs }) {
    const tg = await findTargetGroup(ctx, outputs.name ?? input.name ?? '');
    return tg?.TargetGroupArn ? [await made(ctx, 'elbv2:target-group', tg.TargetGroupArn, tg.TargetGroupArn, `target group ${tg.TargetGroupName}`)] : [];
  },
  plan: (resource) => [{ service: 'elasticloadbalancing', operation: 'DeleteTargetGroup', input: { TargetGroupArn: resource.id } }],
  async remove(ctx, resource) {
    // A load balancer being deleted may still hold it for a moment (ResourceInUse).
    await waitFor(ctx, {
      what: `target group ${resource.id.split('/')[1]} to be free`,
      minDelay: 5,
      maxDelay: 15,
      maxWait: 300,
      poll: async () => {
        try {
          await ignoringGone(() => ctx.aws.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: resource.id })));
          return { done: true, value: undefined };
        } catch (err) {
          if (hasErrorName(err, 'ResourceInUse', 'ResourceInUseException')) return { done: false, status: 'in use' };
          throw err;
        }
      },
    });
  },
};

export const loadBalancerUndo: Undo<LoadBalancerInput, LoadBalancerOutputs> = {
  async find(ctx, { input, outputs }) {
    const lb = await findLoadBalancer(ctx, input.name ?? '');
    if (!lb?.LoadBalancerArn || (outputs.loadBalancerArn && outputs.loadBalancerArn !== lb.LoadBalancerArn)) return [];
    const r = await made(ctx, 'elbv2:load-balancer', lb.LoadBalancerArn, lb.LoadBalancerArn, `load balancer ${lb.LoadBalancerName}`);
    return [{ ...r, note: r.note ?? 'its listeners go with it' }];
  },
  plan: (resource) => [{ service: 'elasticloadbalancing', operation: 'DeleteLoadBalancer', input: { LoadBalancerArn: resource.id }, note: 'then waits until it is gone' }],
  async remove(ctx, resource) {
    await ctx.aws.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: resource.id }));
    const name = resource.id.split('/')[2] ?? resource.id;
    await waitFor(ctx, {
      what: `load balancer ${name} to be deleted`,
      minDelay: 5,
      maxDelay: 15,
      maxWait: 600,
      poll: async () => ((await findLoadBalancer(ctx, name)) ? { done: false, status: 'deleting' } : { done: true, value: undefined }),
    });
  },
};

export const listenerUndo: Undo<ListenerInput, ListenerOutputs> = {
  async find(ctx, { outputs }) {
    if (!outputs.listenerArn) return [];
    try {
      const l = (await ctx.aws.elbv2.send(new DescribeListenersCommand({ ListenerArns: [outputs.listenerArn] }))).Listeners?.[0];
      return l?.ListenerArn ? [await made(ctx, 'elbv2:listener', l.ListenerArn, l.ListenerArn, `listener on port ${l.Port}`)] : [];
    } catch (err) {
      if (hasErrorName(err, ...GONE)) return [];
      throw err;
    }
  },
  plan: (resource) => [{ service: 'elasticloadbalancing', operation: 'DeleteListener', input: { ListenerArn: resource.id } }],
  async remove(ctx, resource) {
    await ignoringGone(() => ctx.aws.elbv2.send(new DeleteListenerCommand({ ListenerArn: resource.id })));
  },
};
