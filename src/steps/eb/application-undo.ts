/**
 * Destroying what `eb.application` made: DeleteApplication, never with
 * TerminateEnvByForce (an environment still running, this run's or anyone's,
 * is refused by Elastic Beanstalk and the refusal passed on: the
 * environments' own removal goes first). Its versions go with it. The step
 * uses an application that is there already: one this run did not make is kept.
 */
import { DeleteApplicationCommand, DescribeApplicationsCommand, type ApplicationDescription } from '../../aws/sdk/elasticbeanstalk.js';
import type { StepContext, Undo } from '../../engine/model/step.js';
import { waitFor } from '../../aws/wait.js';
import { adoptedNote, madeByRun } from '../undo.js';
import type { ApplicationInput, ApplicationOutputs } from './application.js';
import { tagsOf } from './removal.js';

async function application(ctx: StepContext, name: string): Promise<ApplicationDescription | undefined> {
  const res = await ctx.aws.elasticBeanstalk.send(new DescribeApplicationsCommand({ ApplicationNames: [name] }));
  return res.Applications?.find((a) => a.ApplicationName === name);
}

export const applicationUndo: Undo<ApplicationInput, ApplicationOutputs> = {
  async find(ctx, { input, outputs }) {
    const name = outputs.applicationName ?? input.name;
    const app = name ? await application(ctx, name) : undefined;
    if (!app) return [];
    const tags = await tagsOf(ctx, app.ApplicationArn);
    const mine = madeByRun(ctx, tags);
    const versions = app.Versions?.length ?? 0;
    return [{ type: 'eb:application', id: name!, madeByRun: mine, note: mine ? `with its ${versions} version${versions === 1 ? '' : 's'}, once no environment runs` : adoptedNote(`application ${name}`, tags) }];
  },
  plan: (resource) => [{ service: 'elasticbeanstalk', operation: 'DeleteApplication', input: { ApplicationName: resource.id, TerminateEnvByForce: false }, note: 'and wait until it is gone' }],
  async remove(ctx, resource) {
    if (!(await application(ctx, resource.id))) return;
    await ctx.aws.elasticBeanstalk.send(new DeleteApplicationCommand({ ApplicationName: resource.id, TerminateEnvByForce: false }));
    await waitFor(ctx, {
      what: `application ${resource.id} to be deleted`,
      minDelay: 5,
      maxDelay: 15,
      maxWait: 600,
      poll: async () => ((await application(ctx, resource.id)) ? { done: false, status: 'deleting' } : { done: true, value: undefined }),
    });
  },
};
