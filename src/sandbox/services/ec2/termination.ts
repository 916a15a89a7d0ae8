/**
 * TerminateInstances. An instance with termination protection is refused
 * (OperationNotPermitted); otherwise it is shutting-down, then terminated. Its
 * Elastic IP is disassociated, volumes marked DeleteOnTermination go with it
 * and the others are detached. Those effects are applied when the call is
 * accepted rather than when the shutdown ends: nothing a runbook reads tells
 * the two apart.
 */
import type { TerminateInstancesCommandInput } from '@aws-sdk/client-ec2';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { ec2Named } from './common.js';
import { addressOf, instanceState } from './lifecycle.js';

export const termination: ServiceHandlers = {
  TerminateInstances: (ctx) => {
    const ids = inputOf<TerminateInstancesCommandInput>(ctx).InstanceIds ?? [];
    if (!ids.length) throw awsError('MissingParameter', 'The request must contain the parameter InstanceId');
    const targets = ec2Named(ctx, 'instance', ids);
    const locked = targets.find((i) => i.DisableApiTermination && i.terminatedAt === undefined);
    if (locked) throw awsError('OperationNotPermitted', `The instance '${locked.InstanceId}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
    const TerminatingInstances = targets.map((instance) => {
      const PreviousState = instanceState(instance, ctx.now);
      if (instance.terminatedAt === undefined) {
        instance.terminatedAt = ctx.now;
        instance.BlockDeviceMappings = [];
        const address = addressOf(ctx.region, instance.InstanceId);
        if (address) Object.assign(address, { AssociationId: undefined, InstanceId: undefined, PrivateIpAddress: undefined });
        for (const volume of Object.values(ctx.region.volumes)) {
          if (volume.attachment?.InstanceId !== instance.InstanceId) continue;
          if (volume.attachment.DeleteOnTermination) delete ctx.region.volumes[volume.VolumeId];
          else volume.attachment = undefined;
        }
      }
      return { InstanceId: instance.InstanceId, PreviousState, CurrentState: instanceState(instance, ctx.now) };
    });
    return { TerminatingInstances };
  },
};
