/** KMS as `kms.key` reads a key: by ARN, in the region the ARN names. */
import { DescribeKeyCommand } from '../../../src/aws/sdk/kms.js';
import { shapeOf, type ServiceContract } from '../harness.js';

export const kmsContract: ServiceContract = {
  service: 'kms',
  scenarios: [
    {
      name: 'a key by its ARN as kms.key reads it: in its region, from another, unknown',
      operations: ['kms:DescribeKey'],
      async run(t) {
        const arn = await t.arrange.kmsKey('us-west-2');
        const described = await t.aws.inRegion('us-west-2').kms.send(new DescribeKeyCommand({ KeyId: arn }));
        t.observe('DescribeKey', shapeOf(described, ['KeyMetadata.Arn', 'KeyMetadata.KeyId', 'KeyMetadata.KeyState', 'KeyMetadata.Description', 'KeyMetadata.Enabled']));
        t.observe('the key', [described.KeyMetadata?.Arn === arn, described.KeyMetadata?.KeyState, arn.endsWith(described.KeyMetadata?.KeyId ?? '-')]);
        t.observe('its ARN asked in another region', await t.outcome(t.aws.kms.send(new DescribeKeyCommand({ KeyId: arn }))));
        const unknown = arn.replace(/key\/.*$/, 'key/00000000-0000-4000-8000-000000000000');
        t.observe('an unknown key', await t.outcome(t.aws.inRegion('us-west-2').kms.send(new DescribeKeyCommand({ KeyId: unknown }))));
      },
    },
  ],
};
