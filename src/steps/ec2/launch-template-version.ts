/**
 * `ec2.launchTemplateVersion`: a new version of an existing launch template
 * that launches another image and is otherwise its source version
 * (SourceVersion), with the run's tags on what it launches. The default
 * version is left as it is: the group made from the new version names it by
 * number, and the group still serving keeps its own. A version launching the
 * image is found and reused; CreateLaunchTemplateVersion carries a
 * ClientToken, so a resume never makes a twin. The version's description
 * names the run, which is how `destroy` knows it made it.
 */
import { CreateLaunchTemplateVersionCommand, paginateDescribeLaunchTemplateVersions, type LaunchTemplateVersion } from '../../aws/sdk/ec2.js';
import { type PlanContext, type StepContext, type StepKind } from '../../engine/model/step.js';
import { plannedTags, tagSpecifications } from '../../aws/tags.js';
import { collect } from '../paginate.js';

export interface LaunchTemplateVersionInput {
  launchTemplateId: string;
  /** The version the new one copies (the serving group's). */
  sourceVersion: string;
  imageId: string;
  /** The Name tag of what the version launches. */
  name: string;
}

export interface LaunchTemplateVersionOutputs {
  launchTemplateId: string;
  version: string;
}

/** The version's description: the run that made it, and the version it copies (a successor group leads back to it). */
export const versionDescription = (runId: string, sourceVersion: string) => `made by runbook run ${runId}, a copy of version ${sourceVersion}`;
export const madeByRun = (description: string | undefined, runId: string) => (description ?? '').startsWith(`made by runbook run ${runId},`);
export const copiedVersion = (description: string | undefined) => /, a copy of version (\d+)$/.exec(description ?? '')?.[1];

export async function versionsLaunching(ctx: StepContext, launchTemplateId: string, imageId: string): Promise<LaunchTemplateVersion[]> {
  const all = await collect(paginateDescribeLaunchTemplateVersions({ client: ctx.aws.ec2 }, { LaunchTemplateId: launchTemplateId }), (p) => p.LaunchTemplateVersions);
  return all.filter((v) => v.LaunchTemplateData?.ImageId === imageId);
}

function request(ctx: PlanContext | undefined, input: LaunchTemplateVersionInput) {
  const tags = plannedTags(ctx, input.name);
  return {
    LaunchTemplateId: input.launchTemplateId,
    SourceVersion: input.sourceVersion,
    LaunchTemplateData: { ImageId: input.imageId, TagSpecifications: [...tagSpecifications('instance', tags), ...tagSpecifications('volume', tags)] },
  };
}

const kind: StepKind<LaunchTemplateVersionInput, LaunchTemplateVersionOutputs> = {
  async check(ctx, input) {
    const [v] = await versionsLaunching(ctx, input.launchTemplateId, input.imageId);
    if (!v) return { done: false, reason: `No version of launch template ${input.launchTemplateId} launches ${input.imageId} yet.` };
    return { done: true, outputs: { launchTemplateId: input.launchTemplateId, version: String(v.VersionNumber) }, evidence: [`${input.launchTemplateId} version ${v.VersionNumber} launches ${input.imageId}${v.VersionDescription ? ` (${v.VersionDescription})` : ''}`] };
  },
  plan: (input, _found, ctx) => [{ service: 'ec2', operation: 'CreateLaunchTemplateVersion', input: request(ctx, input), note: `a copy of version ${input.sourceVersion} with the new image; the default version is left as it is` }],
  async apply(ctx, input) {
    const made = await ctx.aws.ec2.send(new CreateLaunchTemplateVersionCommand({ ...request(ctx, input), VersionDescription: versionDescription(ctx.runId, input.sourceVersion), ClientToken: ctx.token() }));
    const version = made.LaunchTemplateVersion?.VersionNumber;
    if (version === undefined) throw new Error(`CreateLaunchTemplateVersion on ${input.launchTemplateId} answered no version number.`);
    return { launchTemplateId: input.launchTemplateId, version: String(version) };
  },
};

export { kind as launchTemplateVersionKind };
