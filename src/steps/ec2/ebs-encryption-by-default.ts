/**
 * `ec2.ebsEncryptionByDefault`: every new EBS volume in the region is
 * encrypted. Instances that Auto Scaling launches (an Elastic Beanstalk
 * environment's) take their root volume from the platform image, with no
 * encryption option of their own: this region setting is how they get one.
 * It applies to every new volume of the account in the region, not only this
 * runbook's; existing volumes are not changed.
 */
import { EnableEbsEncryptionByDefaultCommand, GetEbsEncryptionByDefaultCommand } from '../../aws/sdk/ec2.js';
import { type StepKind } from '../../engine/model/step.js';

/** Nothing to choose: the setting is on or off. */
export type EbsEncryptionByDefaultInput = object;
export type EbsEncryptionByDefaultOutputs = Record<string, never>;

const kind: StepKind<EbsEncryptionByDefaultInput, EbsEncryptionByDefaultOutputs> = {
  async check(ctx) {
    const res = await ctx.aws.ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    if (res.EbsEncryptionByDefault === true) return { done: true, outputs: {}, evidence: [`EBS encryption by default is on in ${ctx.aws.region}`] };
    return { done: false, reason: `EBS encryption by default is off in ${ctx.aws.region}: new volumes, the environment's among them, would not be encrypted.` };
  },
  plan: () => [{ service: 'ec2', operation: 'EnableEbsEncryptionByDefault', input: {}, note: 'for every new EBS volume in the region, not only this runbook\'s' }],
  async apply(ctx) {
    await ctx.aws.ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    return {};
  },
};

export { kind as ebsEncryptionByDefaultKind };
