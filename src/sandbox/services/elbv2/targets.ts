/**
 * Instances registered in a target group by hand (RegisterTargets), as an
 * Auto Scaling group registers its own; DeregisterTargets drops them at once
 * (AWS drains them for the group's deregistration delay first: nothing a step
 * waits on).
 */
import type { DeregisterTargetsCommandInput, RegisterTargetsCommandInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { targetGroupOf } from './arns.js';

export const targets: ServiceHandlers = {
  RegisterTargets: (ctx) => {
    const input = inputOf<RegisterTargetsCommandInput>(ctx);
    const tg = targetGroupOf(ctx, input.TargetGroupArn);
    for (const t of input.Targets ?? []) {
      const instance = ctx.region.instances[t.Id ?? ''];
      if (!instance || instance.terminatedAt !== undefined || instance.VpcId !== tg.VpcId)
        throw awsError('InvalidTarget', `The following targets are not in a running state and cannot be registered: '${t.Id}'`);
      tg.targets[t.Id!] ??= { Port: t.Port ?? tg.Port, registeredAt: ctx.now };
    }
    return {};
  },

  DeregisterTargets: (ctx) => {
    const input = inputOf<DeregisterTargetsCommandInput>(ctx);
    const tg = targetGroupOf(ctx, input.TargetGroupArn);
    for (const t of input.Targets ?? []) delete tg.targets[t.Id ?? ''];
    return {};
  },
};
