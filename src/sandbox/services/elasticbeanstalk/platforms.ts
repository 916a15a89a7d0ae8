/**
 * Elastic Beanstalk's platform list: a few AWS platform versions, current and
 * retired, with ListPlatformVersions' filters and DescribePlatformVersion.
 * Version numbers are the sandbox's own, not a copy of AWS's current list.
 */
import type {
  DescribePlatformVersionRequest,
  ListPlatformVersionsRequest,
  PlatformDescription,
  PlatformFilter,
  PlatformSummary,
} from '@aws-sdk/client-elastic-beanstalk';
import { inputOf, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { pageOf } from '../lib/pages.js';

export interface Platform {
  branch: string;
  version: string;
  language: string;
  os: string;
  recommended: boolean;
  branchState: 'supported' | 'deprecated' | 'retired';
}

const AL2023 = 'running on 64bit Amazon Linux 2023';
export const PLATFORMS: readonly Platform[] = [
  { branch: `PHP 8.4 ${AL2023}`, version: '4.7.1', language: 'PHP', os: 'Amazon Linux 2023', recommended: true, branchState: 'supported' },
  { branch: `PHP 8.4 ${AL2023}`, version: '4.6.3', language: 'PHP', os: 'Amazon Linux 2023', recommended: false, branchState: 'supported' },
  { branch: `PHP 8.3 ${AL2023}`, version: '4.7.1', language: 'PHP', os: 'Amazon Linux 2023', recommended: true, branchState: 'supported' },
  { branch: `PHP 8.2 ${AL2023}`, version: '4.7.1', language: 'PHP', os: 'Amazon Linux 2023', recommended: true, branchState: 'deprecated' },
  { branch: 'PHP 8.1 running on 64bit Amazon Linux 2', version: '3.9.2', language: 'PHP', os: 'Amazon Linux 2', recommended: true, branchState: 'deprecated' },
  { branch: 'PHP 7.0 running on 64bit Amazon Linux', version: '2.8.7', language: 'PHP', os: 'Amazon Linux', recommended: false, branchState: 'retired' },
  { branch: `Node.js 22 ${AL2023}`, version: '6.5.0', language: 'Node.js', os: 'Amazon Linux 2023', recommended: true, branchState: 'supported' },
];

export function platformArn(region: string, p: Platform): string {
  return `arn:aws:elasticbeanstalk:${region}::platform/${p.branch}/${p.version}`;
}

export function platformByArn(region: string, arn: string | undefined): Platform | undefined {
  return PLATFORMS.find((p) => platformArn(region, p) === arn);
}

/** The solution stack name environments show for a platform version. */
export function solutionStack(p: Platform): string {
  return `64bit ${p.os} v${p.version} ${p.branch.split(' running on ')[0]!.replace(/^(\S+) /, 'running $1 ')}`;
}

function summaryOf(region: string, p: Platform): PlatformSummary {
  return {
    PlatformArn: platformArn(region, p),
    PlatformOwner: 'AWSElasticBeanstalk',
    PlatformStatus: 'Ready',
    PlatformCategory: 'Web',
    OperatingSystemName: p.os,
    OperatingSystemVersion: p.os.replace(/^Amazon Linux ?/, '') || '2018.03',
    SupportedTierList: ['WebServer/Standard', 'Worker/SQS/HTTP'],
    SupportedAddonList: ['Log/S3', 'Monitoring/Healthd', 'WorkerDaemon/SQSD'],
    PlatformLifecycleState: p.recommended ? 'recommended' : undefined,
    PlatformVersion: p.version,
    PlatformBranchName: p.branch,
    PlatformBranchLifecycleState: p.branchState,
  };
}

function compare(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  if (x.every((n) => !Number.isNaN(n)) && y.every((n) => !Number.isNaN(n))) {
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  }
  return a.localeCompare(b);
}

const FIELDS: Record<string, (s: PlatformSummary) => string[]> = {
  PlatformName: (s) => [s.PlatformBranchName ?? ''],
  PlatformVersion: (s) => [s.PlatformVersion ?? ''],
  PlatformStatus: (s) => [s.PlatformStatus ?? ''],
  PlatformBranchName: (s) => [s.PlatformBranchName ?? ''],
  PlatformLifecycleState: (s) => (s.PlatformLifecycleState ? [s.PlatformLifecycleState] : []),
  PlatformOwner: (s) => [s.PlatformOwner ?? ''],
  SupportedTier: (s) => s.SupportedTierList ?? [],
  SupportedAddon: (s) => s.SupportedAddonList ?? [],
  ProgrammingLanguageName: (s) => [s.PlatformBranchName?.split(' ')[0] ?? ''],
  OperatingSystemName: (s) => [s.OperatingSystemName ?? ''],
};

const OPERATORS: Record<string, (actual: string, wanted: string) => boolean> = {
  '=': (a, w) => a === w,
  '!=': (a, w) => a !== w,
  '<': (a, w) => compare(a, w) < 0,
  '<=': (a, w) => compare(a, w) <= 0,
  '>': (a, w) => compare(a, w) > 0,
  '>=': (a, w) => compare(a, w) >= 0,
  contains: (a, w) => a.includes(w),
  begins_with: (a, w) => a.startsWith(w),
  ends_with: (a, w) => a.endsWith(w),
};

function matches(s: PlatformSummary, f: PlatformFilter): boolean {
  const field = FIELDS[f.Type ?? ''];
  const op = OPERATORS[f.Operator ?? '='];
  if (!field || !op) throw awsError('InvalidParameterValue', `Invalid filter: Type ${f.Type}, Operator ${f.Operator}.`);
  if ((f.Values ?? []).length !== 1) throw awsError('InvalidParameterValue', `Filter ${f.Type} takes exactly one value.`);
  return field(s).some((v) => op(v, f.Values![0]!));
}

export const platforms: ServiceHandlers = {
  ListPlatformVersions: (ctx) => {
    const input = inputOf<ListPlatformVersionsRequest>(ctx);
    const found = PLATFORMS.map((p) => summaryOf(ctx.regionName, p)).filter((s) => (input.Filters ?? []).every((f) => matches(s, f)));
    const { items, next } = pageOf(ctx, found, { token: input.NextToken, max: input.MaxRecords }, { invalid: 'InvalidParameterValue', range: [1, 100] });
    return { PlatformSummaryList: items, ...(next ? { NextToken: next } : {}) };
  },

  DescribePlatformVersion: (ctx) => {
    const arn = inputOf<DescribePlatformVersionRequest>(ctx).PlatformArn;
    const p = platformByArn(ctx.regionName, arn);
    if (!p) throw awsError('InvalidParameterValue', `No Platform named '${arn}' found.`);
    const summary = summaryOf(ctx.regionName, p);
    const description: PlatformDescription = { ...summary, PlatformName: p.branch, SolutionStackName: solutionStack(p), Description: `${p.branch} (sandbox)` };
    return { PlatformDescription: description };
  },
};
