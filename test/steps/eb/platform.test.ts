import { DescribePlatformVersionCommand, ListPlatformVersionsCommand, type PlatformSummary } from '../../../src/aws/sdk/elasticbeanstalk.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { newestPlatform, platformKind } from '../../../src/steps/eb/platform.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';
import { platform } from '../../../src/steps/eb/index.js';

const input = { language: 'PHP', operatingSystem: '64bit Amazon Linux 2023' };
const arn = (branch: string, version: string) => `arn:aws:elasticbeanstalk:us-east-1::platform/${branch}/${version}`;

function summary(branch: string, version: string): PlatformSummary {
  return { PlatformArn: arn(branch, version), PlatformBranchName: branch, PlatformVersion: version, PlatformStatus: 'Ready', PlatformLifecycleState: 'recommended' };
}

describe('eb.platform', () => {
  beforeEach(resetMocks);

  it('chooses the newest PHP branch on Amazon Linux 2023 from the recommended versions, reading every page', async () => {
    mocks.eb
      .on(ListPlatformVersionsCommand)
      .resolvesOnce({ PlatformSummaryList: [summary('PHP 8.3 running on 64bit Amazon Linux 2023', '4.7.1')], NextToken: 'next' })
      .resolves({ PlatformSummaryList: [summary('PHP 8.10 running on 64bit Amazon Linux 2023', '4.7.1'), summary('Node.js 22 running on 64bit Amazon Linux 2023', '6.5.0')] });

    const result = await platformKind.check(stepContext(), input);

    expect(result).toMatchObject({
      done: true,
      outputs: { platformArn: arn('PHP 8.10 running on 64bit Amazon Linux 2023', '4.7.1'), platformBranch: 'PHP 8.10 running on 64bit Amazon Linux 2023', platformVersion: '4.7.1' },
    });
    expect(mocks.eb.commandCalls(ListPlatformVersionsCommand)[0]!.args[0].input.Filters).toEqual([
      { Type: 'PlatformBranchName', Operator: 'ends_with', Values: ['running on 64bit Amazon Linux 2023'] },
      { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
      { Type: 'PlatformStatus', Operator: '=', Values: ['Ready'] },
      { Type: 'SupportedTier', Operator: '=', Values: ['WebServer/Standard'] },
    ]);
    expect(mocks.eb.commandCalls(ListPlatformVersionsCommand)[1]!.args[0].input.NextToken).toBe('next');
    expect(platform('x', { covers: '1' } as never).mutating).toBe(false);
  });

  it('fails when no platform fits, naming the way out', async () => {
    mocks.eb.on(ListPlatformVersionsCommand).resolves({ PlatformSummaryList: [summary('Node.js 22 running on 64bit Amazon Linux 2023', '6.5.0')] });
    await expect(platformKind.check(stepContext(), input)).rejects.toThrow('No recommended PHP platform running on 64bit Amazon Linux 2023 in us-east-1; pass platformArn.');
  });

  it('checks a given platform: it must exist, be Ready and not retired', async () => {
    const given = arn('PHP 8.2 running on 64bit Amazon Linux 2023', '4.3.0');
    mocks.eb.on(DescribePlatformVersionCommand).resolves({
      PlatformDescription: { PlatformArn: given, PlatformStatus: 'Ready', PlatformBranchName: 'PHP 8.2 running on 64bit Amazon Linux 2023', PlatformVersion: '4.3.0', PlatformBranchLifecycleState: 'deprecated' },
    });
    await expect(platformKind.check(stepContext(), { ...input, platformArn: given })).resolves.toEqual({
      done: true,
      outputs: { platformArn: given, platformBranch: 'PHP 8.2 running on 64bit Amazon Linux 2023', platformVersion: '4.3.0' },
      evidence: ['PHP 8.2 running on 64bit Amazon Linux 2023 4.3.0 (branch deprecated), given'],
    });
    expect(mocks.eb.commandCalls(ListPlatformVersionsCommand)).toHaveLength(0);

    mocks.eb.on(DescribePlatformVersionCommand).resolves({ PlatformDescription: { PlatformArn: given, PlatformStatus: 'Ready', PlatformBranchLifecycleState: 'retired', PlatformBranchName: 'PHP 7.4 running on 64bit Amazon Linux 2' } });
    await expect(platformKind.check(stepContext(), { ...input, platformArn: given })).rejects.toThrow(/retired branch PHP 7.4/);

    mocks.eb.on(DescribePlatformVersionCommand).rejects(awsError('InvalidParameterValue', 'No Platform named ...'));
    await expect(platformKind.check(stepContext(), { ...input, platformArn: given })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('orders versions numerically', () => {
    const list = [summary('PHP 8.2 running on x', '4.10.0'), summary('PHP 8.2 running on x', '4.9.9'), summary('PHP 7.4 running on x', '9.0.0')];
    expect(newestPlatform(list, 'PHP')?.PlatformVersion).toBe('4.10.0');
  });
});
