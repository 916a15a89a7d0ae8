import {
  CreateEnvironmentCommand,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  UpdateEnvironmentCommand,
  type ConfigurationOptionSetting,
  type EnvironmentDescription,
} from '../../../src/aws/sdk/elasticbeanstalk.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { environmentKind, type EnvironmentInput } from '../../../src/steps/eb/environment.js';
import { optionSettings } from '../../../src/steps/eb/option-settings.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const PLATFORM = 'arn:aws:elasticbeanstalk:us-east-1::platform/PHP 8.4 running on 64bit Amazon Linux 2023/4.7.1';
const CNAME = 'openemr.eba-abcd1234.us-east-1.elasticbeanstalk.com';
const input: EnvironmentInput = {
  application: 'openemr',
  name: 'OpenEMR',
  platformArn: PLATFORM,
  vpcId: 'vpc-0000000000000000a',
  subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
  securityGroupIds: ['sg-0000000000000000a'],
  instanceProfile: 'runbook-openemr-web',
  instanceType: 't3.small',
  minInstances: 2,
};

function env(Status: string, extra: Partial<EnvironmentDescription> = {}): { Environments: EnvironmentDescription[] } {
  return { Environments: [{ EnvironmentName: 'OpenEMR', EnvironmentId: 'e-abcdef1234', ApplicationName: 'openemr', Status: Status as never, Health: 'Green', CNAME, PlatformArn: PLATFORM, ...extra }] };
}

/** What Elastic Beanstalk answers for the settings: ours, its own security group added, and others it sets. */
function runningWith(settings: ConfigurationOptionSetting[] = optionSettings(input)): void {
  const withEbGroup = settings.map((s) => (s.OptionName === 'SecurityGroups' ? { ...s, Value: `${s.Value},sg-0eb0000000000000a` } : s));
  mocks.eb.on(DescribeConfigurationSettingsCommand).resolves({ ConfigurationSettings: [{ OptionSettings: [...withEbGroup, { Namespace: 'aws:elasticbeanstalk:command', OptionName: 'Timeout', Value: '600' }] }] });
}

function mutatingCalls(): string[] {
  return mocks.eb
    .calls()
    .map((c) => (c.args[0] as object).constructor.name.replace(/Command$/, ''))
    .filter((n) => !n.startsWith('Describe'));
}

const setting = (namespace: string, name: string) => (s: { Namespace?: string; OptionName?: string }) => s.Namespace === namespace && s.OptionName === name;

describe('eb.environment', () => {
  beforeEach(resetMocks);

  it('is done when the environment is Ready and runs with the wanted settings (its own group added), and only reads', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready'));
    runningWith();

    const result = await environmentKind.check(stepContext(), input);

    expect(result).toMatchObject({ done: true, outputs: { environmentName: 'OpenEMR', environmentId: 'e-abcdef1234', url: `http://${CNAME}` } });
    expect(mocks.eb.commandCalls(DescribeConfigurationSettingsCommand)[0]!.args[0].input).toEqual({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR' });
    expect(mutatingCalls()).toEqual([]);
  });

  it('creates a load-balanced web environment in the VPC and waits until Ready, showing its events', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce({ Environments: [] }).resolvesOnce(env('Launching', { Health: 'Grey' })).resolves(env('Ready'));
    mocks.eb.on(CreateEnvironmentCommand).resolves(env('Launching').Environments[0]!);
    mocks.eb
      .on(DescribeEventsCommand)
      .resolvesOnce({ Events: [{ EventDate: new Date('2024-05-01T10:00:00Z'), Severity: 'INFO', Message: 'createEnvironment is starting.' }] })
      .resolves({
        Events: [
          { EventDate: new Date('2024-05-01T10:04:00Z'), Severity: 'INFO', Message: 'Successfully launched environment: OpenEMR' },
          { EventDate: new Date('2024-05-01T10:00:00Z'), Severity: 'INFO', Message: 'createEnvironment is starting.' },
        ],
      });
    const ctx = stepContext();

    const result = await environmentKind.check(ctx, input);
    expect(result).toEqual({ done: false, reason: 'No environment OpenEMR in application openemr yet.' });
    const plan = environmentKind.plan(input, undefined);
    expect(plan).toMatchObject([{ operation: 'CreateEnvironment', input: { ApplicationName: 'openemr', EnvironmentName: 'OpenEMR', PlatformArn: PLATFORM } }]);

    const outputs = await environmentKind.apply!(ctx, input, undefined);

    expect(outputs).toEqual({ environmentName: 'OpenEMR', environmentId: 'e-abcdef1234', url: `http://${CNAME}` });
    const sent = mocks.eb.commandCalls(CreateEnvironmentCommand)[0]!.args[0].input;
    expect(sent).toMatchObject({ ApplicationName: 'openemr', EnvironmentName: 'OpenEMR', PlatformArn: PLATFORM, Tier: { Name: 'WebServer', Type: 'Standard' }, Tags: ctx.tags() });
    const options = sent.OptionSettings!;
    expect(options.find(setting('aws:ec2:vpc', 'VPCId'))?.Value).toBe('vpc-0000000000000000a');
    expect(options.find(setting('aws:ec2:vpc', 'Subnets'))?.Value).toBe('subnet-0000000000000000a,subnet-0000000000000000b');
    expect(options.find(setting('aws:ec2:vpc', 'ELBSubnets'))?.Value).toBe('subnet-0000000000000000a,subnet-0000000000000000b');
    expect(options.find(setting('aws:elasticbeanstalk:environment', 'EnvironmentType'))?.Value).toBe('LoadBalanced');
    expect(options.find(setting('aws:autoscaling:asg', 'MinSize'))?.Value).toBe('2');
    expect(options.find(setting('aws:autoscaling:asg', 'MaxSize'))?.Value).toBe('4');
    expect(options.find(setting('aws:autoscaling:launchconfiguration', 'IamInstanceProfile'))?.Value).toBe('runbook-openemr-web');
    expect(options.find(setting('aws:autoscaling:launchconfiguration', 'SecurityGroups'))?.Value).toBe('sg-0000000000000000a');
    expect(options.find(setting('aws:autoscaling:launchconfiguration', 'DisableIMDSv1'))?.Value).toBe('true');
    expect(options.find(setting('aws:ec2:instances', 'InstanceTypes'))?.Value).toBe('t3.small');
    expect(ctx.progressLines.filter((l) => l.startsWith('INFO:'))).toEqual(['INFO: createEnvironment is starting.', 'INFO: Successfully launched environment: OpenEMR']);
    expect(ctx.progressLines.some((l) => l.includes('Launching (health Grey)'))).toBe(true);
  });

  it('fails with the environment\'s own error events when the launch ends unhealthy', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Launching', { Health: 'Grey' })).resolves(env('Ready', { Health: 'Red' }));
    mocks.eb.on(CreateEnvironmentCommand).resolves({});
    mocks.eb.on(DescribeEventsCommand).resolves({
      Events: [{ EventDate: new Date('2024-05-01T10:03:00Z'), Severity: 'ERROR', Message: 'Stack named awseb-e-abcdef1234-stack aborted operation. Current state: CREATE_FAILED' }],
    });

    await expect(environmentKind.apply!(stepContext(), input, undefined)).rejects.toThrow(
      'Gave up waiting for environment OpenEMR to be Ready: Stack named awseb-e-abcdef1234-stack aborted operation. Current state: CREATE_FAILED',
    );
  });

  it('waits for an environment still launching (a create accepted before a crash) without creating another', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Launching')).resolvesOnce(env('Launching')).resolves(env('Ready'));
    mocks.eb.on(DescribeEventsCommand).resolves({ Events: [] });

    const result = await environmentKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: 'Environment OpenEMR is Launching.' });
    if (result.done) return;
    expect(environmentKind.plan(input, result.found)).toEqual([]);

    await expect(environmentKind.apply!(stepContext(), input, result.found)).resolves.toMatchObject({ environmentName: 'OpenEMR' });
    expect(mutatingCalls()).toEqual([]);
  });

  it('updates only the settings that differ and can change', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready'));
    runningWith(optionSettings({ ...input, minInstances: 1, instanceType: 't3.micro' }));
    mocks.eb.on(UpdateEnvironmentCommand).resolves({});
    mocks.eb.on(DescribeEventsCommand).resolves({ Events: [] });

    const result = await environmentKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: false, reason: 'Environment OpenEMR runs with aws:autoscaling:asg/MinSize=1 (wanted 2), aws:ec2:instances/InstanceTypes=t3.micro (wanted t3.small).' });
    if (result.done) return;

    await environmentKind.apply!(stepContext(), input, result.found);

    expect(mocks.eb.commandCalls(UpdateEnvironmentCommand)[0]!.args[0].input).toEqual({
      ApplicationName: 'openemr',
      EnvironmentName: 'OpenEMR',
      OptionSettings: [
        { Namespace: 'aws:autoscaling:asg', OptionName: 'MinSize', Value: '2' },
        { Namespace: 'aws:ec2:instances', OptionName: 'InstanceTypes', Value: 't3.small' },
      ],
    });
  });

  it('refuses settings an environment cannot change', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready'));
    runningWith(optionSettings({ ...input, subnetIds: ['subnet-0000000000000000c', 'subnet-0000000000000000a'] }));
    await expect(environmentKind.check(stepContext(), input)).rejects.toThrow(/runs with aws:ec2:vpc\/Subnets=subnet-0000000000000000c,subnet-0000000000000000a, aws:ec2:vpc\/ELBSubnets=.*cannot change on an existing environment/);
  });

  it('leaves the health after a failed deployment to the next deployment, and shows it', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready', { Health: 'Red' }));
    runningWith();
    const result = await environmentKind.check(stepContext(), input);
    expect(result).toMatchObject({ done: true });
    expect(result.evidence?.[0]).toContain('health Red');
  });

  it('passes AWS errors on', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
    mocks.eb.on(CreateEnvironmentCommand).rejects(awsError('TooManyEnvironmentsException', 'limit'));
    await expect(environmentKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'TooManyEnvironmentsException' });
    const denied = awsError('AccessDenied', 'elasticbeanstalk:DescribeEnvironments', 403);
    mocks.eb.on(DescribeEnvironmentsCommand).rejects(denied);
    await expect(environmentKind.check(stepContext(), input)).rejects.toBe(denied);
  });
});
