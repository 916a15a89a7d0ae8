/** DescribeInstanceAttribute and ModifyInstanceAttribute, for termination protection (disableApiTermination). */
import type { DescribeInstanceAttributeCommandInput, ModifyInstanceAttributeCommandInput } from '@aws-sdk/client-ec2';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { unsupported } from '../lib/errors.js';
import { ec2One } from './common.js';

export const instanceAttributes: ServiceHandlers = {
  DescribeInstanceAttribute: (ctx) => {
    const input = inputOf<DescribeInstanceAttributeCommandInput>(ctx);
    if (input.Attribute !== 'disableApiTermination') throw unsupported('ec2', 'DescribeInstanceAttribute', ` for ${input.Attribute}`);
    const instance = ec2One(ctx, 'instance', input.InstanceId);
    return { InstanceId: instance.InstanceId, DisableApiTermination: { Value: instance.DisableApiTermination } };
  },

  ModifyInstanceAttribute: (ctx) => {
    const input = inputOf<ModifyInstanceAttributeCommandInput>(ctx);
    const { InstanceId, DisableApiTermination, DryRun: _dryRun, ...others } = input;
    if (DisableApiTermination?.Value === undefined || Object.values(others).some((v) => v !== undefined))
      throw unsupported('ec2', 'ModifyInstanceAttribute', ' for anything but DisableApiTermination');
    ec2One(ctx, 'instance', InstanceId).DisableApiTermination = DisableApiTermination.Value;
    return {};
  },
};
