/**
 * Launch templates and their numbered versions. CreateLaunchTemplate and
 * CreateLaunchTemplateVersion honour a repeated ClientToken with the first
 * answer; a name is unique in the region. Versions are kept as sent and
 * answered as ResponseLaunchTemplateData (the same fields for what the
 * sandbox launches from). A version other than the default can be deleted;
 * its number is never given again.
 */
import type {
  CreateLaunchTemplateCommandInput,
  CreateLaunchTemplateVersionCommandInput,
  DeleteLaunchTemplateCommandInput,
  DeleteLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplatesCommandInput,
  LaunchTemplate as LaunchTemplateView,
  LaunchTemplateVersion as VersionView,
  ModifyLaunchTemplateCommandInput,
} from '@aws-sdk/client-ec2';
import type { LaunchTemplate, LaunchTemplateVersion } from '../../account/state.js';
import { resourceId } from '../../account/ids.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { applyFilters, tagList, tagsForResource } from '../lib/filters.js';

const NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;

function templates(ctx: OperationContext): Record<string, LaunchTemplate> {
  return (ctx.region.launchTemplates ??= {});
}

function view(t: LaunchTemplate): LaunchTemplateView {
  return {
    LaunchTemplateId: t.LaunchTemplateId,
    LaunchTemplateName: t.LaunchTemplateName,
    CreateTime: new Date(t.createdAt),
    CreatedBy: 'arn:aws:iam::123456789012:user/sandbox-operator',
    DefaultVersionNumber: t.DefaultVersionNumber,
    LatestVersionNumber: t.versions.at(-1)!.VersionNumber,
    Tags: tagList(t.Tags),
  };
}

function versionView(t: LaunchTemplate, v: LaunchTemplateVersion): VersionView {
  return {
    LaunchTemplateId: t.LaunchTemplateId,
    LaunchTemplateName: t.LaunchTemplateName,
    VersionNumber: v.VersionNumber,
    VersionDescription: v.VersionDescription,
    CreateTime: new Date(v.createdAt),
    DefaultVersion: v.VersionNumber === t.DefaultVersionNumber,
    LaunchTemplateData: structuredClone(v.data),
  };
}

/** The template a call names by id or name, or EC2's not-found error. */
export function launchTemplateOf(ctx: OperationContext, id: string | undefined, name: string | undefined): LaunchTemplate {
  const all = Object.values(templates(ctx)).filter((t) => ctx.visible(t.createdAt));
  const found = id ? all.find((t) => t.LaunchTemplateId === id) : all.find((t) => t.LaunchTemplateName === name);
  if (!found)
    throw id
      ? awsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`)
      : awsError('InvalidLaunchTemplateName.NotFoundException', `The specified launch template, with template name ${name}, does not exist.`);
  return found;
}

/** `$Latest`, `$Default` or a number, as RunInstances and Auto Scaling name a version. */
export function versionOf(t: LaunchTemplate, version: string | undefined): LaunchTemplateVersion {
  const n = version === undefined || version === '$Default' ? t.DefaultVersionNumber : version === '$Latest' ? t.versions.at(-1)!.VersionNumber : Number(version);
  const v = t.versions.find((x) => x.VersionNumber === n);
  if (!v) throw awsError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${version} for template ${t.LaunchTemplateId}.`);
  return v;
}

export const launchTemplates: ServiceHandlers = {
  CreateLaunchTemplate: (ctx) => {
    const input = inputOf<CreateLaunchTemplateCommandInput>(ctx);
    const earlier = input.ClientToken ? Object.values(templates(ctx)).find((t) => t.ClientToken === input.ClientToken) : undefined;
    if (earlier) return { LaunchTemplate: view(earlier) };
    const name = input.LaunchTemplateName ?? '';
    if (!NAME.test(name)) throw awsError('InvalidLaunchTemplateName.MalformedException', `The launch template name '${name}' is not valid: 3 to 128 letters, digits and ( ) . - / _.`);
    if (Object.values(templates(ctx)).some((t) => t.LaunchTemplateName === name))
      throw awsError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
    if (!input.LaunchTemplateData) throw awsError('MissingParameter', 'The request must contain the parameter LaunchTemplateData');
    const t: LaunchTemplate = {
      LaunchTemplateId: resourceId('lt'),
      LaunchTemplateName: name,
      ...(input.ClientToken ? { ClientToken: input.ClientToken } : {}),
      DefaultVersionNumber: 1,
      versions: [{ VersionNumber: 1, ...(input.VersionDescription ? { VersionDescription: input.VersionDescription } : {}), data: structuredClone(input.LaunchTemplateData) as Record<string, unknown>, createdAt: ctx.now }],
      Tags: tagsForResource(input.TagSpecifications, 'launch-template'),
      createdAt: ctx.now,
    };
    templates(ctx)[t.LaunchTemplateId] = t;
    return { LaunchTemplate: view(t) };
  },

  CreateLaunchTemplateVersion: (ctx) => {
    const input = inputOf<CreateLaunchTemplateVersionCommandInput>(ctx);
    const t = launchTemplateOf(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
    const token = input.ClientToken;
    const earlier = token ? t.versions.find((v) => v.ClientToken === token) : undefined;
    if (earlier) return { LaunchTemplateVersion: versionView(t, earlier) };
    const base = input.SourceVersion ? versionOf(t, input.SourceVersion).data : {};
    const v: LaunchTemplateVersion = {
      VersionNumber: Math.max(t.versions.at(-1)!.VersionNumber, t.highestVersionNumber ?? 0) + 1,
      ...(input.VersionDescription ? { VersionDescription: input.VersionDescription } : {}),
      data: { ...structuredClone(base), ...(structuredClone(input.LaunchTemplateData ?? {}) as Record<string, unknown>) },
      createdAt: ctx.now,
      ...(token ? { ClientToken: token } : {}),
    };
    t.versions.push(v);
    return { LaunchTemplateVersion: versionView(t, v) };
  },

  ModifyLaunchTemplate: (ctx) => {
    const input = inputOf<ModifyLaunchTemplateCommandInput>(ctx);
    const t = launchTemplateOf(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
    if (input.DefaultVersion) t.DefaultVersionNumber = versionOf(t, input.DefaultVersion).VersionNumber;
    return { LaunchTemplate: view(t) };
  },

  DescribeLaunchTemplates: (ctx) => {
    const input = inputOf<DescribeLaunchTemplatesCommandInput>(ctx);
    let found = Object.values(templates(ctx)).filter((t) => ctx.visible(t.createdAt));
    if (input.LaunchTemplateIds?.length) found = input.LaunchTemplateIds.map((id) => launchTemplateOf(ctx, id, undefined));
    if (input.LaunchTemplateNames?.length) found = input.LaunchTemplateNames.map((n) => launchTemplateOf(ctx, undefined, n));
    found = applyFilters(found, input.Filters, { 'launch-template-name': (t) => t.LaunchTemplateName, 'create-time': (t) => new Date(t.createdAt).toISOString() });
    return { LaunchTemplates: found.map(view) };
  },

  DescribeLaunchTemplateVersions: (ctx) => {
    const input = inputOf<DescribeLaunchTemplateVersionsCommandInput>(ctx);
    const t = launchTemplateOf(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
    const versions = input.Versions?.length ? input.Versions.map((v) => versionOf(t, v)) : t.versions;
    return { LaunchTemplateVersions: versions.map((v) => versionView(t, v)) };
  },

  DeleteLaunchTemplateVersions: (ctx) => {
    const input = inputOf<DeleteLaunchTemplateVersionsCommandInput>(ctx);
    const t = launchTemplateOf(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
    const deleted: { LaunchTemplateId: string; LaunchTemplateName: string; VersionNumber: number }[] = [];
    const failed: { LaunchTemplateId: string; LaunchTemplateName: string; VersionNumber: number; ResponseError: { Code: string; Message: string } }[] = [];
    for (const n of (input.Versions ?? []).map(Number)) {
      const ids = { LaunchTemplateId: t.LaunchTemplateId, LaunchTemplateName: t.LaunchTemplateName, VersionNumber: n };
      if (n === t.DefaultVersionNumber) failed.push({ ...ids, ResponseError: { Code: 'unexpectedError', Message: 'Cannot delete the default version of a launch template.' } });
      else if (!t.versions.some((v) => v.VersionNumber === n)) failed.push({ ...ids, ResponseError: { Code: 'launchTemplateVersionDoesNotExist', Message: `Version ${n} does not exist.` } });
      else {
        t.highestVersionNumber = Math.max(t.highestVersionNumber ?? 0, ...t.versions.map((v) => v.VersionNumber));
        t.versions = t.versions.filter((v) => v.VersionNumber !== n);
        deleted.push(ids);
      }
    }
    return { SuccessfullyDeletedLaunchTemplateVersions: deleted, UnsuccessfullyDeletedLaunchTemplateVersions: failed };
  },

  DeleteLaunchTemplate: (ctx) => {
    const input = inputOf<DeleteLaunchTemplateCommandInput>(ctx);
    const t = launchTemplateOf(ctx, input.LaunchTemplateId, input.LaunchTemplateName);
    delete templates(ctx)[t.LaunchTemplateId];
    return { LaunchTemplate: view(t) };
  },
};
