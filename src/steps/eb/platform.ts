/**
 * `eb.platform`: the Elastic Beanstalk platform version an environment runs.
 * Read-only. A given ARN is checked (it must exist, be Ready and not retired);
 * otherwise the recommended version of the newest language branch on the
 * operating system is chosen from the platform list, so the runbook never
 * pins a platform that AWS has since retired.
 */
import { DescribePlatformVersionCommand, paginateListPlatformVersions, type PlatformFilter, type PlatformSummary } from '../../aws/sdk/elasticbeanstalk.js';
import { collect } from '../paginate.js';
import { type StepContext, type StepKind } from '../../engine/model/step.js';
import { isNotFound } from '../../aws/errors.js';

export interface PlatformInput {
  /** Use this platform version instead of the newest one. */
  platformArn?: string;
  /** The branch's language, as branch names begin: `PHP`. */
  language: string;
  /** As branch names end: `64bit Amazon Linux 2023`. */
  operatingSystem: string;
}

export interface PlatformOutputs {
  platformArn: string;
  platformBranch: string;
  platformVersion: string;
}

export class PlatformNotFoundError extends Error {
  override name = 'PlatformNotFound';
}

/** `PHP 8.10 running on ...` -> [8, 10]: numeric parts compare as numbers. */
function versionParts(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map(Number);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The newest language version first, then the newest platform version. */
export function newestPlatform(platforms: PlatformSummary[], language: string): PlatformSummary | undefined {
  const languageVersion = (p: PlatformSummary) => versionParts((p.PlatformBranchName ?? '').slice(language.length).split(' running on ')[0] ?? '');
  return platforms
    .filter((p) => p.PlatformBranchName?.startsWith(`${language} `))
    .sort((a, b) => compareVersions(languageVersion(b), languageVersion(a)) || compareVersions(versionParts(b.PlatformVersion ?? ''), versionParts(a.PlatformVersion ?? '')))[0];
}

async function listRecommended(ctx: StepContext, input: PlatformInput): Promise<PlatformSummary[]> {
  const filters: PlatformFilter[] = [
    { Type: 'PlatformBranchName', Operator: 'ends_with', Values: [`running on ${input.operatingSystem}`] },
    { Type: 'PlatformLifecycleState', Operator: '=', Values: ['recommended'] },
    { Type: 'PlatformStatus', Operator: '=', Values: ['Ready'] },
    { Type: 'SupportedTier', Operator: '=', Values: ['WebServer/Standard'] },
  ];
  return collect(paginateListPlatformVersions({ client: ctx.aws.elasticBeanstalk }, { Filters: filters }), (p) => p.PlatformSummaryList);
}

async function describeGiven(ctx: StepContext, arn: string): Promise<PlatformOutputs & { evidence: string }> {
  let platform;
  try {
    platform = (await ctx.aws.elasticBeanstalk.send(new DescribePlatformVersionCommand({ PlatformArn: arn }))).PlatformDescription;
  } catch (err) {
    if (isNotFound(err)) throw new PlatformNotFoundError(`Platform ${arn} was not found in ${ctx.aws.region}.`);
    throw err;
  }
  if (!platform) throw new PlatformNotFoundError(`Platform ${arn} was not found in ${ctx.aws.region}.`);
  if (platform.PlatformStatus !== 'Ready') throw new PlatformNotFoundError(`Platform ${arn} is ${platform.PlatformStatus}, not Ready.`);
  if (platform.PlatformBranchLifecycleState === 'retired') throw new PlatformNotFoundError(`Platform ${arn} belongs to the retired branch ${platform.PlatformBranchName}; choose a supported one.`);
  const lifecycle = platform.PlatformBranchLifecycleState ? ` (branch ${platform.PlatformBranchLifecycleState})` : '';
  return {
    platformArn: arn,
    platformBranch: platform.PlatformBranchName ?? '',
    platformVersion: platform.PlatformVersion ?? '',
    evidence: `${platform.PlatformBranchName} ${platform.PlatformVersion}${lifecycle}, given`,
  };
}

const kind: StepKind<PlatformInput, PlatformOutputs> = {
  async check(ctx, input) {
    if (input.platformArn) {
      const { evidence, ...outputs } = await describeGiven(ctx, input.platformArn);
      return { done: true, outputs, evidence: [evidence] };
    }
    const chosen = newestPlatform(await listRecommended(ctx, input), input.language);
    if (!chosen?.PlatformArn)
      throw new PlatformNotFoundError(`No recommended ${input.language} platform running on ${input.operatingSystem} in ${ctx.aws.region}; pass platformArn.`);
    return {
      done: true,
      outputs: { platformArn: chosen.PlatformArn, platformBranch: chosen.PlatformBranchName ?? '', platformVersion: chosen.PlatformVersion ?? '' },
      evidence: [`${chosen.PlatformBranchName} ${chosen.PlatformVersion} (recommended): ${chosen.PlatformArn}`],
    };
  },
  plan: () => [],
};

export { kind as platformKind };
