/** Destroying what `ec2.launchTemplate` made: the template and all its versions (the group that used it goes first). */
import { DeleteLaunchTemplateCommand } from '../../aws/sdk/ec2.js';
import type { Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { adoptedNote, madeByRun } from '../undo.js';
import { findLaunchTemplate, type LaunchTemplateInput, type LaunchTemplateOutputs } from './launch-template.js';

export const launchTemplateUndo: Undo<LaunchTemplateInput, LaunchTemplateOutputs> = {
  async find(ctx, { input }) {
    const t = input.name ? await findLaunchTemplate(ctx, input.name) : undefined;
    if (!t?.LaunchTemplateId) return [];
    const mine = madeByRun(ctx, t.Tags);
    return [{ type: 'ec2:launch-template', id: t.LaunchTemplateId, madeByRun: mine, note: mine ? `${t.LaunchTemplateName}, ${t.LatestVersionNumber} version(s)` : adoptedNote(`launch template ${t.LaunchTemplateName}`, t.Tags) }];
  },
  plan: (resource) => [{ service: 'ec2', operation: 'DeleteLaunchTemplate', input: { LaunchTemplateId: resource.id } }],
  async remove(ctx, resource) {
    try {
      await ctx.aws.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: resource.id }));
    } catch (err) {
      if (!hasErrorName(err, 'InvalidLaunchTemplateId.NotFound')) throw err;
    }
  },
};
