/**
 * Destroying what `eb.deployFolder` made: the application version, with its
 * source bundle in S3 (DeleteApplicationVersion with DeleteSourceBundle). A
 * version is this run's when its description says so; one made before is
 * kept. A version cannot go while an environment runs it: when that
 * environment is this run's, the environment's removal deletes the version
 * once it is terminated (it is listed there); when it is not, it is kept.
 */
import type { Undo } from '../../engine/model/step.js';
import { madeByRun } from '../undo.js';
import { describeVersion, versionDescription, type DeployInput, type DeployOutputs } from './deploy.js';
import { deleteVersion, deleteVersionCall, liveEnvironments, tagsOf } from './removal.js';

export const deployFolderUndo: Undo<DeployInput, DeployOutputs> = {
  async find(ctx, { input, outputs }) {
    const application = input.application;
    const label = outputs.versionLabel;
    if (!application || !label) return [];
    const version = await describeVersion(ctx, application, label);
    if (!version) return [];
    const resource = { type: 'eb:application-version', id: `${application}/${label}`, details: { application, label } };
    if (version.Description !== versionDescription(ctx)) return [{ ...resource, madeByRun: false, note: `version ${label} was there before this run` }];
    const users = await liveEnvironments(ctx, application, { versionLabel: label });
    const others: string[] = [];
    for (const env of users) if (!madeByRun(ctx, await tagsOf(ctx, env.EnvironmentArn))) others.push(env.EnvironmentName ?? '');
    if (others.length) return [{ ...resource, madeByRun: false, note: `version ${label} runs on environment ${others.join(', ')}, which this run did not make` }];
    // Running on this run's environment: deleted with it.
    if (users.length) return [];
    const bundle = version.SourceBundle?.S3Bucket ? `s3://${version.SourceBundle.S3Bucket}/${version.SourceBundle.S3Key}` : 'no bundle';
    return [{ ...resource, madeByRun: true, note: `and its bundle ${bundle}` }];
  },
  plan: (resource) => [deleteVersionCall(String(resource.details?.application), String(resource.details?.label))],
  remove: (ctx, resource) => deleteVersion(ctx, String(resource.details?.application), String(resource.details?.label)),
};
