/**
 * The instances of an environment's Auto Scaling group, launched through the
 * EC2 simulation, so they boot, run scripts and register with SSM like any
 * instance (SSM only with an instance profile that allows it).
 */
import type { Reservation, RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { instanceType } from '../../account/world.js';
import type { OperationContext } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import type { Environment } from '../../account/state.js';
import { instances as ec2Instances } from '../ec2/instances.js';

/** The value of one option setting, as the environment runs with it. */
export function setting(env: Environment, namespace: string, name: string): string | undefined {
  return env.optionSettings?.find((s) => s.Namespace === namespace && s.OptionName === name)?.Value;
}

/** A comma-separated option value as a list. */
export function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Launches `count` more instances, spread over the instance subnets in turn. */
export function launchInstances(ctx: OperationContext, env: Environment, count: number): string[] {
  const type = listOf(setting(env, 'aws:ec2:instances', 'InstanceTypes'))[0] ?? 't3.micro';
  const arch = instanceType(type)?.arch;
  const image = Object.values(ctx.region.images).find((i) => i.os === 'al2023' && i.Architecture === arch);
  if (!image) throw awsError('InvalidParameterValue', `Invalid option value: '${type}' (Namespace: 'aws:ec2:instances', OptionName: 'InstanceTypes'): no such instance type.`);
  const subnets = listOf(setting(env, 'aws:ec2:vpc', 'Subnets'));
  const profile = setting(env, 'aws:autoscaling:launchconfiguration', 'IamInstanceProfile');
  const groups = [...listOf(setting(env, 'aws:autoscaling:launchconfiguration', 'SecurityGroups')), ...(env.securityGroupId ? [env.securityGroupId] : [])];
  const launched: string[] = [];
  for (let i = 0; i < count; i++) {
    const index = (env.instanceIds?.length ?? 0) + i;
    const input: RunInstancesCommandInput = {
      ImageId: image.ImageId,
      InstanceType: type as RunInstancesCommandInput['InstanceType'],
      MinCount: 1,
      MaxCount: 1,
      ...(subnets.length ? { SubnetId: subnets[index % subnets.length] } : {}),
      SecurityGroupIds: groups,
      ...(profile ? { IamInstanceProfile: { Name: profile } } : {}),
      MetadataOptions: { HttpTokens: 'required' },
      TagSpecifications: [
        {
          ResourceType: 'instance',
          Tags: [
            { Key: 'Name', Value: env.EnvironmentName },
            { Key: 'elasticbeanstalk:environment-name', Value: env.EnvironmentName },
            { Key: 'elasticbeanstalk:environment-id', Value: env.EnvironmentId },
            // The environment's own tags go to the resources Elastic Beanstalk makes for it.
            ...Object.entries(env.Tags ?? {}).filter(([Key]) => Key !== 'Name').map(([Key, Value]) => ({ Key, Value })),
          ],
        },
      ],
    };
    const reservation = ec2Instances.RunInstances!({ ...ctx, call: { ...ctx.call, input: { ...input } } }) as Reservation;
    const id = reservation.Instances![0]!.InstanceId!;
    // The platform's application user: the web server and PHP run as webapp.
    ctx.region.instances[id]!.host.users.push('webapp');
    launched.push(id);
  }
  env.instanceIds = [...(env.instanceIds ?? []), ...launched];
  return launched;
}
