import { CreateApplicationCommand, DescribeApplicationsCommand } from '../../../src/aws/sdk/elasticbeanstalk.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { applicationKind } from '../../../src/steps/eb/application.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { name: 'openemr', description: 'OpenEMR with shared documents' };

describe('eb.application', () => {
  beforeEach(resetMocks);

  it('is done when the application exists, and only reads', async () => {
    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [{ ApplicationName: 'openemr' }] });

    await expect(applicationKind.check(stepContext(), input)).resolves.toEqual({ done: true, outputs: { applicationName: 'openemr' }, evidence: ['application openemr exists'] });
    expect(mocks.eb.commandCalls(DescribeApplicationsCommand)[0]!.args[0].input).toEqual({ ApplicationNames: ['openemr'] });
    expect(mocks.eb.commandCalls(CreateApplicationCommand)).toHaveLength(0);
  });

  it('creates it with the runbook tags', async () => {
    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [] });
    mocks.eb.on(CreateApplicationCommand).resolves({ Application: { ApplicationName: 'openemr' } });
    const ctx = stepContext();

    await expect(applicationKind.check(ctx, input)).resolves.toEqual({ done: false, reason: 'No Elastic Beanstalk application openemr yet.' });
    expect(applicationKind.plan(input, undefined, ctx)).toEqual([{ service: 'elasticbeanstalk', operation: 'CreateApplication', input: { ApplicationName: 'openemr', Description: input.description, Tags: ctx.tags() } }]);
    await expect(applicationKind.apply!(ctx, input, undefined)).resolves.toEqual({ applicationName: 'openemr' });
    expect(mocks.eb.commandCalls(CreateApplicationCommand)[0]!.args[0].input).toEqual({ ApplicationName: 'openemr', Description: input.description, Tags: ctx.tags() });
  });

  it('accepts an application created meanwhile, and passes other errors on', async () => {
    mocks.eb.on(CreateApplicationCommand).rejects(awsError('InvalidParameterValue', 'Application openemr already exists.'));
    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [{ ApplicationName: 'openemr' }] });
    await expect(applicationKind.apply!(stepContext(), input, undefined)).resolves.toEqual({ applicationName: 'openemr' });

    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [] });
    await expect(applicationKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    const denied = awsError('AccessDenied', 'not authorized', 403);
    mocks.eb.on(DescribeApplicationsCommand).rejects(denied);
    await expect(applicationKind.check(stepContext(), input)).rejects.toBe(denied);
  });
});
