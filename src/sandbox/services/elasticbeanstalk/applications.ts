/**
 * Elastic Beanstalk: applications, versions and environments that deploy a
 * version over time (Updating for a while, then Ready on the new version),
 * with the events the console shows. Environments are seeded here, or made
 * with CreateEnvironment (elasticbeanstalk/environments.ts), whose instances
 * receive each deployed bundle (elasticbeanstalk/deployment.ts).
 */
import type {
  ApplicationVersionDescription,
  CreateApplicationVersionCommandInput,
  DescribeApplicationsCommandInput,
  DescribeApplicationVersionsCommandInput,
  DescribeEnvironmentsCommandInput,
  DescribeEventsCommandInput,
  EnvironmentDescription,
  UpdateEnvironmentCommandInput,
} from '@aws-sdk/client-elastic-beanstalk';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { pageOf } from '../lib/pages.js';
import { awsError, unsupported } from '../lib/errors.js';
import { environmentId } from '../../account/ids.js';
import type { Application, Environment, EnvironmentEvent, RegionState } from '../../account/state.js';
import { after } from '../../account/time.js';
import { changeSettings } from './configuration.js';
import { UPDATE_SECONDS, deployVersion, updateEvents } from './deployment.js';
import { ensureBucket } from '../s3/index.js';

const SOLUTION_STACK = '64bit Amazon Linux 2023 v4.4.0 running PHP 8.3';
/** Simulated seconds an environment is Terminating before it is Terminated. */
export const TERMINATE_SECONDS = 120;
export const invalid = (message: string) => awsError('InvalidParameterValue', message);

/** Status and version as of `now`: an update in progress ends by itself when its time is up. */
export function current(env: Environment, now: number): { status: string; versionLabel?: string; busy: boolean } {
  if (env.terminatedAt !== undefined) return { status: now < after(env.terminatedAt, TERMINATE_SECONDS) ? 'Terminating' : 'Terminated', versionLabel: env.VersionLabel, busy: now < after(env.terminatedAt, TERMINATE_SECONDS) };
  if (env.busy && now < env.busy.until) return { status: env.busy.status, versionLabel: env.VersionLabel, busy: true };
  return { status: 'Ready', versionLabel: env.busy?.versionLabel ?? env.VersionLabel, busy: false };
}

export function environmentView(ctx: OperationContext, env: Environment): EnvironmentDescription {
  const { status, versionLabel, busy } = current(env, ctx.now);
  return {
    EnvironmentName: env.EnvironmentName,
    EnvironmentId: env.EnvironmentId,
    ApplicationName: env.ApplicationName,
    VersionLabel: versionLabel,
    SolutionStackName: env.SolutionStackName,
    PlatformArn: env.PlatformArn ?? `arn:aws:elasticbeanstalk:${ctx.regionName}::platform/PHP 8.3 running on 64bit Amazon Linux 2023/4.4.0`,
    EndpointURL: env.EndpointURL,
    CNAME: env.CNAME,
    DateCreated: new Date(env.createdAt),
    DateUpdated: new Date(busy ? env.updatedAt : Math.max(env.updatedAt, env.busy?.until ?? 0)),
    Status: status as EnvironmentDescription['Status'],
    AbortableOperationInProgress: busy,
    Health: busy ? 'Grey' : (env.health ?? 'Green'),
    HealthStatus: busy ? 'Info' : env.health === 'Red' ? 'Severe' : 'Ok',
    Tier: { Name: 'WebServer', Type: 'Standard', Version: '1.0' },
    EnvironmentArn: `arn:aws:elasticbeanstalk:${ctx.regionName}:${ctx.account.accountId}:environment/${env.ApplicationName}/${env.EnvironmentName}`,
    EnvironmentLinks: [],
  };
}

function versionView(app: Application, label: string): ApplicationVersionDescription {
  const v = app.versions[label]!;
  return {
    ApplicationName: app.ApplicationName,
    VersionLabel: v.VersionLabel,
    Description: v.Description,
    SourceBundle: v.SourceBundle,
    Status: v.Status as ApplicationVersionDescription['Status'],
    DateCreated: new Date(v.createdAt),
    DateUpdated: new Date(v.createdAt),
  };
}

export function addEvent(region: RegionState, event: EnvironmentEvent): void {
  region.events.push(event);
}

export function newApplication(name: string, now: number): Application {
  return { ApplicationName: name, versions: {}, createdAt: now, updatedAt: now };
}

/** An existing application with a Ready environment running "Sample Application" (for deploy rehearsals and tests). */
export function seedEnvironment(region: RegionState, regionName: string, appName: string, envName: string, cname: string | undefined, now: number): Environment {
  const app = (region.applications[appName] ??= newApplication(appName, now));
  app.versions['Sample Application'] ??= { VersionLabel: 'Sample Application', Status: 'Processed', createdAt: now };
  const id = environmentId();
  const env: Environment = {
    EnvironmentId: id,
    EnvironmentName: envName,
    ApplicationName: appName,
    VersionLabel: 'Sample Application',
    SolutionStackName: SOLUTION_STACK,
    CNAME: cname ?? `${envName.toLowerCase()}.eba-${id.slice(2, 10)}.${regionName}.elasticbeanstalk.com`,
    EndpointURL: `awseb-${id}-AWSEBLoa-${id.slice(2).toUpperCase()}-1234567890.${regionName}.elb.amazonaws.com`,
    serverIps: ['172.31.7.21', '172.31.24.108'],
    createdAt: now,
    updatedAt: now,
  };
  region.environments[id] = env;
  addEvent(region, { at: now, Message: 'Environment health has transitioned from Pending to Ok.', Severity: 'INFO', ApplicationName: appName, EnvironmentName: envName });
  return env;
}

/** An environment by id, or a live one by name: a terminated one is named by its id only. */
export function findEnvironment(ctx: OperationContext, input: { EnvironmentName?: string; EnvironmentId?: string }): Environment {
  const env = Object.values(ctx.region.environments).find((e) => e.EnvironmentId === input.EnvironmentId || (e.EnvironmentName === input.EnvironmentName && current(e, ctx.now).status !== 'Terminated'));
  if (!env) throw invalid(`No Environment found for EnvironmentName = '${input.EnvironmentName ?? input.EnvironmentId}'.`);
  return env;
}

export const elasticbeanstalk: ServiceHandlers = {
  CreateStorageLocation: (ctx) => {
    const bucket = ensureBucket(ctx.account, `elasticbeanstalk-${ctx.regionName}-${ctx.account.accountId}`, ctx.regionName, ctx.now);
    return { S3Bucket: bucket.Name };
  },

  DescribeApplications: (ctx) => {
    const names = inputOf<DescribeApplicationsCommandInput>(ctx).ApplicationNames;
    const apps = Object.values(ctx.region.applications).filter((a) => !names?.length || names.includes(a.ApplicationName));
    return {
      Applications: apps.map((a) => ({
        ApplicationName: a.ApplicationName,
        Description: a.Description,
        DateCreated: new Date(a.createdAt),
        DateUpdated: new Date(a.updatedAt),
        Versions: Object.keys(a.versions),
        ConfigurationTemplates: [],
        ApplicationArn: `arn:aws:elasticbeanstalk:${ctx.regionName}:${ctx.account.accountId}:application/${a.ApplicationName}`,
      })),
    };
  },

  DescribeEnvironments: (ctx) => {
    const input = inputOf<DescribeEnvironmentsCommandInput>(ctx);
    const envs = Object.values(ctx.region.environments).filter(
      (e) =>
        (!input.ApplicationName || e.ApplicationName === input.ApplicationName) &&
        (!input.EnvironmentNames?.length || input.EnvironmentNames.includes(e.EnvironmentName)) &&
        (!input.EnvironmentIds?.length || input.EnvironmentIds.includes(e.EnvironmentId)) &&
        (!input.VersionLabel || current(e, ctx.now).versionLabel === input.VersionLabel) &&
        // Terminated environments are described (for an hour on AWS) unless IncludeDeleted is false.
        (input.IncludeDeleted !== false || current(e, ctx.now).status !== 'Terminated') &&
        ctx.visible(e.createdAt),
    );
    return { Environments: envs.map((e) => environmentView(ctx, e)) };
  },

  DescribeApplicationVersions: (ctx) => {
    const input = inputOf<DescribeApplicationVersionsCommandInput>(ctx);
    const apps = Object.values(ctx.region.applications).filter((a) => !input.ApplicationName || a.ApplicationName === input.ApplicationName);
    const versions = apps.flatMap((a) =>
      Object.values(a.versions)
        .filter((v) => (!input.VersionLabels?.length || input.VersionLabels.includes(v.VersionLabel)) && ctx.visible(v.createdAt))
        .sort((x, y) => y.createdAt - x.createdAt)
        .map((v) => versionView(a, v.VersionLabel)),
    );
    return { ApplicationVersions: versions };
  },

  CreateApplicationVersion: (ctx) => {
    const input = inputOf<CreateApplicationVersionCommandInput>(ctx);
    const name = input.ApplicationName ?? '';
    const label = input.VersionLabel ?? '';
    let app = ctx.region.applications[name];
    if (!app && !input.AutoCreateApplication) throw invalid(`No Application named '${name}' found.`);
    if (app?.versions[label]) throw invalid(`Application Version ${label} already exists.`);
    const bundle = input.SourceBundle;
    if (bundle && !ctx.account.s3.buckets[bundle.S3Bucket ?? '']?.objects[bundle.S3Key ?? ''])
      throw awsError('InvalidParameterCombination', `Unable to download from S3 location (Bucket: ${bundle.S3Bucket}  Key: ${bundle.S3Key}). Reason: Not Found`);
    app ??= ctx.region.applications[name] = newApplication(name, ctx.now);
    app.versions[label] = {
      VersionLabel: label,
      Description: input.Description,
      SourceBundle: bundle ? { S3Bucket: bundle.S3Bucket ?? '', S3Key: bundle.S3Key ?? '' } : undefined,
      Status: input.Process ? 'Processed' : 'Unprocessed',
      createdAt: ctx.now,
    };
    app.updatedAt = ctx.now;
    return { ApplicationVersion: versionView(app, label) };
  },

  UpdateEnvironment: (ctx) => {
    const input = inputOf<UpdateEnvironmentCommandInput>(ctx);
    for (const key of ['OptionsToRemove', 'TemplateName', 'SolutionStackName', 'PlatformArn', 'Tier', 'GroupName'] as const)
      if (input[key] !== undefined) throw unsupported('elasticbeanstalk', 'UpdateEnvironment', ` with ${key}`);
    const env = findEnvironment(ctx, input);
    const state = current(env, ctx.now);
    if (state.busy) throw invalid(`Environment named ${env.EnvironmentName} is in an invalid state for this operation. Must be Ready.`);
    const label = input.VersionLabel;
    if (!label && !input.OptionSettings?.length) return { ...environmentView(ctx, env) };
    if (label && !ctx.region.applications[env.ApplicationName]?.versions[label]) throw invalid(`No Application Version named '${label}' found.`);
    const added = input.OptionSettings?.length ? changeSettings(ctx, env, input.OptionSettings) : [];
    // A new version goes to every instance; instances added by a larger minimum get the running one.
    const errors = label || added.length ? deployVersion(ctx, env, label ?? state.versionLabel ?? '', label ? undefined : added) : [];
    // Settle the previous update, then start this one; a failed deployment leaves the old version running.
    const next = errors.length ? state.versionLabel : (label ?? state.versionLabel);
    Object.assign(env, { VersionLabel: state.versionLabel, updatedAt: ctx.now, health: errors.length ? 'Red' : 'Green', busy: { status: 'Updating', until: after(ctx.now, UPDATE_SECONDS), versionLabel: next } });
    // Events dated in the future show up as their time comes.
    for (const e of updateEvents(ctx, env, { label, settings: Boolean(input.OptionSettings?.length), errors })) addEvent(ctx.region, e);
    return { ...environmentView(ctx, env) };
  },

  DescribeEvents: (ctx) => {
    const input = inputOf<DescribeEventsCommandInput>(ctx);
    const start = input.StartTime ? new Date(input.StartTime).getTime() : -Infinity;
    const end = input.EndTime ? new Date(input.EndTime).getTime() : Infinity;
    const events = ctx.region.events
      .filter(
        (e) =>
          e.at <= ctx.now &&
          e.at >= start &&
          e.at < end &&
          (!input.ApplicationName || e.ApplicationName === input.ApplicationName) &&
          (!input.EnvironmentName || e.EnvironmentName === input.EnvironmentName) &&
          (!input.VersionLabel || e.VersionLabel === input.VersionLabel),
      )
      .sort((a, b) => b.at - a.at);
    const { items, next } = pageOf(ctx, events, { token: input.NextToken, max: input.MaxRecords }, { invalid: 'InvalidParameterValue', range: [1, 1000], defaultSize: 1000 });
    return {
      ...(next ? { NextToken: next } : {}),
      Events: items.map((e) => ({
        EventDate: new Date(e.at),
        Message: e.Message,
        ApplicationName: e.ApplicationName,
        EnvironmentName: e.EnvironmentName,
        VersionLabel: e.VersionLabel,
        Severity: e.Severity,
      })),
    };
  },
};
