/**
 * The Elastic Beanstalk undos on aws-sdk-client-mock: what `runbook destroy`
 * finds (made by this run, adopted, gone) and how it removes it, for the
 * application, the environment and the deployed version; an AWS error is
 * passed on, never taken for success.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DeleteApplicationCommand,
  DeleteApplicationVersionCommand,
  DescribeApplicationsCommand,
  DescribeApplicationVersionsCommand,
  DescribeEnvironmentsCommand,
  DescribeEventsCommand,
  ListTagsForResourceCommand,
  TerminateEnvironmentCommand,
  type EnvironmentStatus,
} from '../../../src/aws/sdk/elasticbeanstalk.js';
import { applicationUndo } from '../../../src/steps/eb/application-undo.js';
import { deployFolderUndo } from '../../../src/steps/eb/deploy-undo.js';
import { environmentUndo } from '../../../src/steps/eb/environment-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const APP = 'openemr';
const APP_ARN = 'arn:aws:elasticbeanstalk:us-east-1:123456789012:application/openemr';
const ENV_ARN = 'arn:aws:elasticbeanstalk:us-east-1:123456789012:environment/openemr/openemr-prod';
const MINE = { ResourceTags: [{ Key: 'runbook:run-id', Value: 'test-run-0001' }] };
const OTHERS = { ResourceTags: [{ Key: 'runbook:run-id', Value: 'older-run-0001' }] };
const OUR_VERSION = 'runbook test-runbook run test-run-0001';
const opts = { snapshotFirst: false };

const env = (Status: EnvironmentStatus, VersionLabel = 'v-1') => ({ Environments: [{ EnvironmentId: 'e-abc123', EnvironmentName: 'openemr-prod', EnvironmentArn: ENV_ARN, ApplicationName: APP, Status, VersionLabel }] });
const version = (Description: string) => ({ ApplicationVersions: [{ ApplicationName: APP, VersionLabel: 'v-1', Description, SourceBundle: { S3Bucket: 'bundles', S3Key: 'openemr/v-1.zip' } }] });

describe('eb.application undo', () => {
  beforeEach(resetMocks);

  it('finds the application this run made, with its versions; keeps one another run made; nothing when it is gone', async () => {
    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [{ ApplicationName: APP, ApplicationArn: APP_ARN, Versions: ['v-1', 'v-2'] }] });
    mocks.eb.on(ListTagsForResourceCommand).resolvesOnce(MINE).resolves(OTHERS);
    const made = { input: { name: APP }, outputs: { applicationName: APP }, status: 'changed' as const };
    expect(await applicationUndo.find(stepContext(), made)).toEqual([{ type: 'eb:application', id: APP, madeByRun: true, note: 'with its 2 versions, once no environment runs' }]);
    expect((await applicationUndo.find(stepContext(), made))[0]).toMatchObject({ madeByRun: false, note: 'application openemr was made by run older-run-0001' });
    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [] });
    expect(await applicationUndo.find(stepContext(), made)).toEqual([]);
  });

  it('deletes it without forcing its environments, and waits until it is gone', async () => {
    mocks.eb.on(DescribeApplicationsCommand).resolvesOnce({ Applications: [{ ApplicationName: APP }] }).resolvesOnce({ Applications: [{ ApplicationName: APP }] }).resolves({ Applications: [] });
    mocks.eb.on(DeleteApplicationCommand).resolves({});
    const resource = { type: 'eb:application', id: APP, madeByRun: true };
    expect(applicationUndo.plan(resource, opts)).toEqual([{ service: 'elasticbeanstalk', operation: 'DeleteApplication', input: { ApplicationName: APP, TerminateEnvByForce: false }, note: 'and wait until it is gone' }]);
    await applicationUndo.remove(stepContext(), resource, opts);
    expect(mocks.eb).toHaveReceivedCommandWith(DeleteApplicationCommand, { ApplicationName: APP, TerminateEnvByForce: false });
    expect(mocks.eb).toHaveReceivedCommandTimes(DescribeApplicationsCommand, 3);
  });

  it("passes Elastic Beanstalk's refusal on while an environment still runs", async () => {
    mocks.eb.on(DescribeApplicationsCommand).resolves({ Applications: [{ ApplicationName: APP }] });
    mocks.eb.on(DeleteApplicationCommand).rejects(awsError('InvalidParameterValue', 'Unable to delete application openemr because it has running environments.'));
    await expect(applicationUndo.remove(stepContext(), { type: 'eb:application', id: APP, madeByRun: true }, opts)).rejects.toThrow(/running environments/);
  });
});

describe('eb.environment undo', () => {
  beforeEach(resetMocks);

  it('finds the environment this run made and the version its deployment made, to delete after it', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready'));
    mocks.eb.on(ListTagsForResourceCommand).resolves(MINE);
    mocks.eb.on(DescribeApplicationVersionsCommand).resolves(version(OUR_VERSION));
    const [found] = await environmentUndo.find(stepContext(), { input: { application: APP, name: 'openemr-prod' }, outputs: {}, status: 'failed' });
    expect(found).toMatchObject({ type: 'eb:environment', id: 'e-abc123', madeByRun: true, details: { application: APP, name: 'openemr-prod', versions: ['v-1'] } });
    expect(environmentUndo.plan(found!, opts).map((c) => c.operation)).toEqual(['TerminateEnvironment', 'DeleteApplicationVersion']);
  });

  it('keeps an environment another run made, and finds nothing once it is terminated', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Ready')).resolves(env('Terminated'));
    mocks.eb.on(ListTagsForResourceCommand).resolves(OTHERS);
    const made = { input: { application: APP, name: 'openemr-prod' }, outputs: { environmentName: 'openemr-prod' }, status: 'ok' as const };
    expect((await environmentUndo.find(stepContext(), made))[0]).toMatchObject({ madeByRun: false, note: 'environment openemr-prod was made by run older-run-0001' });
    expect(await environmentUndo.find(stepContext(), made)).toEqual([]);
    expect(mocks.eb).not.toHaveReceivedCommand(DescribeApplicationVersionsCommand);
  });

  it('terminates it, waits until Terminated, then deletes its version with the bundle', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolvesOnce(env('Ready')).resolvesOnce(env('Ready')).resolvesOnce(env('Terminating')).resolves(env('Terminated'));
    mocks.eb.on(DescribeEventsCommand).resolves({ Events: [{ Message: 'terminateEnvironment is starting.', Severity: 'INFO', EventDate: new Date() }] });
    mocks.eb.on(TerminateEnvironmentCommand).resolves({});
    mocks.eb.on(DescribeApplicationVersionsCommand).resolves(version(OUR_VERSION));
    mocks.eb.on(DeleteApplicationVersionCommand).resolves({});
    await environmentUndo.remove(stepContext(), { type: 'eb:environment', id: 'e-abc123', madeByRun: true, details: { application: APP, name: 'openemr-prod', versions: ['v-1'] } }, opts);
    expect(mocks.eb).toHaveReceivedCommandWith(TerminateEnvironmentCommand, { EnvironmentId: 'e-abc123' });
    expect(mocks.eb).toHaveReceivedCommandWith(DeleteApplicationVersionCommand, { ApplicationName: APP, VersionLabel: 'v-1', DeleteSourceBundle: true });
  });

  it('sends no second TerminateEnvironment to one already terminated, and passes an AWS error on', async () => {
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Terminated'));
    const resource = { type: 'eb:environment', id: 'e-abc123', madeByRun: true, details: { application: APP, name: 'openemr-prod', versions: [] } };
    await environmentUndo.remove(stepContext(), resource, opts);
    expect(mocks.eb).not.toHaveReceivedCommand(TerminateEnvironmentCommand);
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready'));
    mocks.eb.on(TerminateEnvironmentCommand).rejects(awsError('InsufficientPrivilegesException', 'not authorized to perform: elasticbeanstalk:TerminateEnvironment', 403));
    await expect(environmentUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'InsufficientPrivilegesException' });
  });
});

describe('eb.deployFolder undo', () => {
  beforeEach(resetMocks);
  const made = { input: { application: APP }, outputs: { versionLabel: 'v-1' }, status: 'changed' as const };

  it('finds the version this run made and no environment runs, with its bundle', async () => {
    mocks.eb.on(DescribeApplicationVersionsCommand).resolves(version(OUR_VERSION));
    mocks.eb.on(DescribeEnvironmentsCommand).resolves({ Environments: [] });
    expect(await deployFolderUndo.find(stepContext(), made)).toEqual([
      { type: 'eb:application-version', id: 'openemr/v-1', details: { application: APP, label: 'v-1' }, madeByRun: true, note: 'and its bundle s3://bundles/openemr/v-1.zip' },
    ]);
  });

  it("keeps a version made before the run, and one running on another run's environment; leaves one on this run's environment to it", async () => {
    mocks.eb.on(DescribeApplicationVersionsCommand).resolvesOnce(version('uploaded by hand')).resolves(version(OUR_VERSION));
    expect((await deployFolderUndo.find(stepContext(), made))[0]).toMatchObject({ madeByRun: false, note: 'version v-1 was there before this run' });
    mocks.eb.on(DescribeEnvironmentsCommand).resolves(env('Ready'));
    mocks.eb.on(ListTagsForResourceCommand).resolvesOnce(OTHERS).resolves(MINE);
    expect((await deployFolderUndo.find(stepContext(), made))[0]).toMatchObject({ madeByRun: false, note: 'version v-1 runs on environment openemr-prod, which this run did not make' });
    expect(await deployFolderUndo.find(stepContext(), made)).toEqual([]);
  });

  it('deletes the version with its bundle, nothing when it is gone, and passes an AWS error on', async () => {
    const resource = { type: 'eb:application-version', id: 'openemr/v-1', madeByRun: true, details: { application: APP, label: 'v-1' } };
    mocks.eb.on(DescribeApplicationVersionsCommand).resolvesOnce({ ApplicationVersions: [] }).resolves(version(OUR_VERSION));
    await deployFolderUndo.remove(stepContext(), resource, opts);
    expect(mocks.eb).not.toHaveReceivedCommand(DeleteApplicationVersionCommand);
    mocks.eb.on(DeleteApplicationVersionCommand).rejects(awsError('SourceBundleDeletionFailure', 'Unable to delete the source bundle.'));
    await expect(deployFolderUndo.remove(stepContext(), resource, opts)).rejects.toMatchObject({ name: 'SourceBundleDeletionFailure' });
  });
});
