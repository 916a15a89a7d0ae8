/**
 * `eb.application`: an Elastic Beanstalk application with this name. An
 * application is only a container for versions and environments, so one that
 * exists already (whoever made it) is used as it is.
 */
import { CreateApplicationCommand, DescribeApplicationsCommand } from '../../aws/sdk/elasticbeanstalk.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { plannedTags } from '../../aws/tags.js';

export interface ApplicationInput {
  name: string;
  description: string;
}

export interface ApplicationOutputs {
  applicationName: string;
}

async function exists(ctx: StepContext, name: string): Promise<boolean> {
  const res = await ctx.aws.elasticBeanstalk.send(new DescribeApplicationsCommand({ ApplicationNames: [name] }));
  return (res.Applications ?? []).some((a) => a.ApplicationName === name);
}

const kind: StepKind<ApplicationInput, ApplicationOutputs> = {
  async check(ctx, input) {
    if (await exists(ctx, input.name)) return { done: true, outputs: { applicationName: input.name }, evidence: [`application ${input.name} exists`] };
    return { done: false, reason: `No Elastic Beanstalk application ${input.name} yet.` };
  },
  plan: (input, _found, ctx) => [{ service: 'elasticbeanstalk', operation: 'CreateApplication', input: { ApplicationName: input.name, Description: input.description, Tags: plannedTags(ctx) } }],
  async apply(ctx, input) {
    try {
      await ctx.aws.elasticBeanstalk.send(new CreateApplicationCommand({ ApplicationName: input.name, Description: input.description, Tags: ctx.tags() }));
    } catch (err) {
      // Created meanwhile (a create accepted before a crash): the application is there, which is all this step asks.
      if (!(hasErrorName(err, 'InvalidParameterValue') && (await exists(ctx, input.name)))) throw err;
    }
    return { applicationName: input.name };
  },
};

export { kind as applicationKind };
