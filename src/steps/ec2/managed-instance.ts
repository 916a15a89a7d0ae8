/**
 * The block every runbook that runs commands on an instance begins with:
 * the network, an SSM instance profile, the instance's security group, the
 * machine image, and the instance itself, SSM-online and reachable only
 * through Run Command. One composite instead of five steps copied from
 * runbook to runbook; each step keeps its own id, covers and title.
 */
import type { Inputs, Resolvable } from '../../engine/model/refs.js';
import type { KeyOutputs, Step, StepMeta } from '../../engine/model/step.js';
import { ssmInstanceProfile } from '../iam/index.js';
import type { SsmInstanceProfileInput, SsmInstanceProfileOutputs } from '../iam/ssm-instance-profile.js';
import type { AmiInput, AmiOutputs } from './ami.js';
import { ami, instance, network, securityGroup } from './kinds.js';
import type { InstanceInput, InstanceOutputs } from './instance.js';
import type { NetworkInput, NetworkOutputs } from './network.js';
import type { SecurityGroupInput, SecurityGroupOutputs } from './security-group.js';

type Part<I, O = unknown> = Inputs<I> & StepMeta & { id?: string; report?: KeyOutputs<O> };

export interface ManagedInstanceOptions {
  network: Part<NetworkInput, NetworkOutputs>;
  profile: Part<SsmInstanceProfileInput, SsmInstanceProfileOutputs>;
  /** Its own group, in the network's VPC; a function when its rules read the network (the VPC's block, say). */
  securityGroup: Part<Omit<SecurityGroupInput, 'vpcId'>, SecurityGroupOutputs> | ((network: Step<NetworkOutputs>) => Part<Omit<SecurityGroupInput, 'vpcId'>, SecurityGroupOutputs>);
  image: Part<Omit<AmiInput, 'instanceType'>, AmiOutputs>;
  instance: Part<Omit<InstanceInput, 'imageId' | 'subnetId' | 'securityGroupIds' | 'instanceProfileName' | 'rootVolume' | 'waitForSsm'>, InstanceOutputs> & {
    rootVolumeGiB: Resolvable<number>;
    /** More groups besides its own (an application's group, say). */
    extraSecurityGroupIds?: Resolvable<string>[];
  };
}

export interface ManagedInstance {
  network: Step<NetworkOutputs>;
  profile: Step<SsmInstanceProfileOutputs>;
  securityGroup: Step<SecurityGroupOutputs>;
  image: Step<AmiOutputs>;
  instance: Step<InstanceOutputs>;
  /** In the order a runbook lists them. */
  steps: Step<unknown>[];
  /**
   * Another instance like the first, on the same network, profile, group and
   * image (the next member of a fleet): the instance options the runbook gave,
   * with these in place of theirs.
   */
  another(id: string, overrides: Partial<ManagedInstanceOptions['instance']>): Step<InstanceOutputs>;
}

export function managedInstance(options: ManagedInstanceOptions): ManagedInstance {
  const { id: networkId = 'network', ...networkOptions } = options.network;
  const net = network(networkId, networkOptions);
  const { id: profileId = 'instance-profile', ...profileOptions } = options.profile;
  const { id: groupId = 'security-group', ...groupOptions } = typeof options.securityGroup === 'function' ? options.securityGroup(net) : options.securityGroup;
  const { id: imageId = 'machine-image', ...imageOptions } = options.image;
  const { id: instanceId = 'launch-instance', rootVolumeGiB, extraSecurityGroupIds, ...instanceOptions } = options.instance;

  const profile = ssmInstanceProfile(profileId, profileOptions);
  const group = securityGroup(groupId, { ...groupOptions, vpcId: net.out.vpcId } as Inputs<SecurityGroupInput> & StepMeta);
  const image = ami(imageId, { ...imageOptions, instanceType: instanceOptions.instanceType } as Inputs<AmiInput> & StepMeta);
  const launch = (id: string, options: Omit<ManagedInstanceOptions['instance'], 'id'>) => {
    const { rootVolumeGiB: sizeGiB, extraSecurityGroupIds: extra, ...rest } = options;
    return instance(id, {
      ...rest,
      imageId: image.out.imageId,
      subnetId: net.out.subnetId,
      securityGroupIds: [group.out.groupId, ...(extra ?? [])],
      instanceProfileName: profile.out.instanceProfileName,
      rootVolume: { deviceName: image.out.rootDeviceName, sizeGiB },
      waitForSsm: true,
    } as Inputs<InstanceInput> & StepMeta);
  };
  const first = { rootVolumeGiB, extraSecurityGroupIds, ...instanceOptions };
  const host = launch(instanceId, first);
  return {
    network: net,
    profile,
    securityGroup: group,
    image,
    instance: host,
    steps: [net, profile, group, image, host] as Step<unknown>[],
    another: (id, overrides) => launch(id, { ...first, ...overrides }),
  };
}
