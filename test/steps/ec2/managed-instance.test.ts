/** The composite: five steps wired to each other, each keeping its own id and covers (no mocks: definitions only). */
import { describe, expect, it } from 'vitest';
import { dependenciesOf, type Step } from '../../../src/engine/model/step.js';
import { managedInstance } from '../../../src/steps/ec2/index.js';

describe('ec2.managedInstance', () => {
  it('launches into its own group, in the network found, with the SSM profile and the image chosen, and waits for SSM', () => {
    const made = managedInstance({
      network: { covers: '1' },
      profile: { covers: '2', name: 'web-ssm' },
      securityGroup: (net) => ({ id: 'web-group', covers: '3', name: 'web', description: 'web', ingress: [{ protocol: 'tcp', fromPort: 80, from: net.out.vpcCidr }] }),
      image: { covers: '4', parameterByArch: { x86_64: '/p/x86', arm64: '/p/arm' } },
      instance: { covers: '5', name: 'web', instanceType: 't3.small', rootVolumeGiB: 20, extraSecurityGroupIds: ['sg-0123456789abcdef0'] },
    });
    expect(made.steps.map((s) => [s.id, s.covers])).toEqual([
      ['network', ['1']],
      ['instance-profile', ['2']],
      ['web-group', ['3']],
      ['machine-image', ['4']],
      ['launch-instance', ['5']],
    ]);
    expect(dependenciesOf(made.securityGroup as unknown as Step)).toEqual(['network']);
    expect(dependenciesOf(made.instance as unknown as Step).sort()).toEqual(['instance-profile', 'machine-image', 'network', 'web-group']);
    expect(made.instance.input).toMatchObject({ waitForSsm: true, name: 'web', instanceType: 't3.small' });
    expect((made.instance.input as { securityGroupIds: unknown[] }).securityGroupIds).toHaveLength(2);
  });
});
