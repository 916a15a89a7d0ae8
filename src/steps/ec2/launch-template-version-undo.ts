/**
 * Destroying what `ec2.launchTemplateVersion` made: the version this run
 * made (its description names the run) is deleted; the template, and the
 * versions others made, are kept. The group launching it goes first.
 */
import { DeleteLaunchTemplateVersionsCommand } from '../../aws/sdk/ec2.js';
import type { Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { madeByRun, versionsLaunching, type LaunchTemplateVersionInput, type LaunchTemplateVersionOutputs } from './launch-template-version.js';

export const launchTemplateVersionUndo: Undo<LaunchTemplateVersionInput, LaunchTemplateVersionOutputs> = {
  async find(ctx, { input }) {
    if (!input.launchTemplateId || !input.imageId) return [];
    let versions;
    try {
      versions = await versionsLaunching(ctx, input.launchTemplateId, input.imageId);
    } catch (err) {
      if (hasErrorName(err, 'InvalidLaunchTemplateId.NotFound')) return [];
      throw err;
    }
    return versions.map((v) => {
      const mine = madeByRun(v.VersionDescription, ctx.runId);
      return {
        type: 'ec2:launch-template-version',
        id: `${input.launchTemplateId}:${v.VersionNumber}`,
        madeByRun: mine,
        note: mine ? `version ${v.VersionNumber} of ${input.launchTemplateId}, launching ${input.imageId}` : `version ${v.VersionNumber} of ${input.launchTemplateId} was not made by this run${v.VersionDescription ? ` (${v.VersionDescription})` : ''}: kept`,
      };
    });
  },
  plan: (resource) => {
    const [LaunchTemplateId, version] = resource.id.split(':');
    return [{ service: 'ec2', operation: 'DeleteLaunchTemplateVersions', input: { LaunchTemplateId, Versions: [version] } }];
  },
  async remove(ctx, resource) {
    const [LaunchTemplateId, version] = resource.id.split(':') as [string, string];
    let answer;
    try {
      answer = await ctx.aws.ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId, Versions: [version] }));
    } catch (err) {
      if (hasErrorName(err, 'InvalidLaunchTemplateId.NotFound')) return;
      throw err;
    }
    const failed = answer.UnsuccessfullyDeletedLaunchTemplateVersions?.find((f) => f.ResponseError?.Code !== 'launchTemplateVersionDoesNotExist');
    if (failed) throw new Error(`Version ${version} of ${LaunchTemplateId} was not deleted: ${failed.ResponseError?.Code} (${failed.ResponseError?.Message}).`);
  },
};
