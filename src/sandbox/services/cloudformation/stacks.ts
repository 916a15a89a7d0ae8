/**
 * CloudFormation stacks: ValidateTemplate, CreateStack (ClientRequestToken,
 * parameters checked against the template, capabilities, tags, termination
 * protection), DescribeStacks, DescribeStackEvents and ListStacks (NextToken
 * pages), UpdateTerminationProtection and DeleteStack. Errors carry
 * CloudFormation's names: ValidationError for what its API reference lists
 * as invalid input, AlreadyExistsException, InsufficientCapabilitiesException,
 * TokenAlreadyExistsException. A deleted stack stays, named by its stack id
 * only (DescribeStacks, DescribeStackEvents) and listed by ListStacks.
 */
import type {
  CreateStackCommandInput,
  DeleteStackCommandInput,
  DescribeStackEventsCommandInput,
  DescribeStackResourceCommandInput,
  DescribeStacksCommandInput,
  ListStacksCommandInput,
  Stack as StackView,
  UpdateTerminationProtectionCommandInput,
  ValidateTemplateCommandInput,
} from '@aws-sdk/client-cloudformation';
import { parseTemplate, requiredCapabilities, TemplateFormatError, type ParsedTemplate } from '../../../aws/cloudformation-template.js';
import { uuid } from '../../account/ids.js';
import type { Stack } from '../../account/state.js';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError, unsupported } from '../lib/errors.js';
import { tagList, tagsFrom } from '../lib/filters.js';
import { page } from '../lib/pages.js';
import { checkParameters } from './parameters.js';
import { templateText } from './template-source.js';
import { planCreation, planDeletion, resourceStatus, SETTLED, stackStatus, visibleEvents } from './timeline.js';

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const TOKEN = /^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$/;
const PAGE = 100;

export const validation = (message: string) => awsError('ValidationError', message);

function stacksOf(ctx: OperationContext): Record<string, Stack> {
  return (ctx.region.stacks ??= {});
}

function isStackId(name: string): boolean {
  return name.startsWith('arn:aws:cloudformation:');
}

/** The live stack of a name, or any stack by its id (a deleted one too); undefined when there is none. */
export function findStack(ctx: OperationContext, nameOrId: string | undefined): Stack | undefined {
  if (!nameOrId) return undefined;
  const stacks = Object.values(stacksOf(ctx)).filter((s) => ctx.visible(s.createdAt));
  if (isStackId(nameOrId)) return stacks.find((s) => s.StackId === nameOrId);
  return stacks.find((s) => s.StackName === nameOrId && stackStatus(s, ctx.now).status !== 'DELETE_COMPLETE');
}

function requireStack(ctx: OperationContext, nameOrId: string | undefined): Stack {
  const stack = findStack(ctx, nameOrId);
  if (!stack) throw validation(`Stack with id ${nameOrId ?? ''} does not exist`);
  return stack;
}

function loadTemplate(ctx: OperationContext, input: { TemplateBody?: string; TemplateURL?: string }): { text: string; template: ParsedTemplate } {
  const text = templateText(ctx, input);
  try {
    return { text, template: parseTemplate(text) };
  } catch (err) {
    if (err instanceof TemplateFormatError) throw validation(err.message);
    throw err;
  }
}

function stackView(ctx: OperationContext, s: Stack): StackView {
  const { status, reason } = stackStatus(s, ctx.now);
  const deleting = s.events.find((e) => e.at <= ctx.now && e.LogicalResourceId === s.StackName && e.ResourceStatus === 'DELETE_IN_PROGRESS');
  // Outputs appear when the stack is created and stay on it, while it is deleted and once it is gone.
  const complete = s.events.some((e) => e.at <= ctx.now && e.LogicalResourceId === s.StackName && e.ResourceStatus === 'CREATE_COMPLETE');
  return {
    StackId: s.StackId,
    StackName: s.StackName,
    ...(s.Description ? { Description: s.Description } : {}),
    Parameters: s.Parameters.map((p) => ({ ParameterKey: p.ParameterKey, ParameterValue: p.NoEcho ? '****' : p.ParameterValue })),
    CreationTime: new Date(s.createdAt),
    ...(deleting ? { DeletionTime: new Date(deleting.at) } : {}),
    StackStatus: status as StackView['StackStatus'],
    ...(reason ? { StackStatusReason: reason } : {}),
    DisableRollback: s.OnFailure === 'DO_NOTHING',
    NotificationARNs: [],
    ...(s.Capabilities.length ? { Capabilities: s.Capabilities as StackView['Capabilities'] } : {}),
    ...(complete && s.Outputs.length ? { Outputs: s.Outputs } : {}),
    Tags: tagList(s.Tags) ?? [],
    EnableTerminationProtection: s.EnableTerminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

function checkCapabilities(template: ParsedTemplate, given: string[]): string[] {
  const { capabilities } = requiredCapabilities(template);
  const iamGiven = given.includes('CAPABILITY_NAMED_IAM') || given.includes('CAPABILITY_IAM');
  const missing = capabilities.filter((c) => (c === 'CAPABILITY_IAM' ? !iamGiven : !given.includes(c)));
  if (missing.length) throw awsError('InsufficientCapabilitiesException', `Requires capabilities : [${missing.join(', ')}]`);
  return given;
}

function createStack(ctx: OperationContext): { StackId: string } {
  const input = inputOf<CreateStackCommandInput>(ctx);
  const name = input.StackName ?? '';
  if (!STACK_NAME.test(name))
    throw validation(`1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*`);
  const token = input.ClientRequestToken;
  if (token !== undefined && !TOKEN.test(token))
    throw validation(`1 validation error detected: Value '${token}' at 'clientRequestToken' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*`);
  const live = findStack(ctx, name);
  // A retry with the same token is the same request: CloudFormation answers it with the stack it made.
  if (live && token && live.ClientRequestToken === token) return { StackId: live.StackId };
  if (live) throw awsError('AlreadyExistsException', `Stack [${name}] already exists`);
  if (token && Object.values(stacksOf(ctx)).some((s) => s.ClientRequestToken === token)) throw awsError('TokenAlreadyExistsException', `ClientRequestToken ${token} was already used in another request.`);
  if (input.DisableRollback && input.OnFailure) throw validation('You may specify either DisableRollback or OnFailure, but not both.');
  for (const key of ['StackPolicyBody', 'StackPolicyURL', 'RoleARN', 'RollbackConfiguration', 'ResourceTypes', 'RetainExceptOnCreate'] as const)
    if (input[key] !== undefined) throw unsupported('cloudformation', 'CreateStack', ` with ${key}`);
  const { text, template } = loadTemplate(ctx, input);
  const capabilities = checkCapabilities(template, (input.Capabilities ?? []) as string[]);
  const parameters = checkParameters(ctx, template, input.Parameters ?? []);
  if ((input.Tags?.length ?? 0) > 50) throw validation('1 validation error detected: Value at \'tags\' failed to satisfy constraint: Member must have length less than or equal to 50');
  const stack: Stack = {
    StackId: `arn:aws:cloudformation:${ctx.regionName}:${ctx.account.accountId}:stack/${name}/${uuid()}`,
    StackName: name,
    ...(template.description ? { Description: template.description } : {}),
    Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue, NoEcho: template.parameters[ParameterKey]?.NoEcho === true })),
    Tags: tagsFrom(input.Tags),
    Capabilities: capabilities,
    EnableTerminationProtection: input.EnableTerminationProtection === true,
    OnFailure: input.DisableRollback ? 'DO_NOTHING' : ((input.OnFailure as Stack['OnFailure'] | undefined) ?? 'ROLLBACK'),
    ...(token ? { ClientRequestToken: token } : {}),
    TemplateBody: text,
    resources: [],
    Outputs: [],
    events: [],
    createdAt: ctx.now,
  };
  const creation = planCreation(ctx, stack, template, parameters);
  Object.assign(stack, { resources: creation.resources, events: creation.events, Outputs: creation.outputs });
  stacksOf(ctx)[stack.StackId] = stack;
  return { StackId: stack.StackId };
}

function deleteStack(ctx: OperationContext): object {
  const input = inputOf<DeleteStackCommandInput>(ctx);
  if (input.RetainResources !== undefined || input.RoleARN !== undefined || input.DeletionMode !== undefined) throw unsupported('cloudformation', 'DeleteStack', ' with RetainResources, RoleARN or DeletionMode');
  // Deleting a stack that does not exist (or is gone) succeeds and does nothing.
  const stack = findStack(ctx, input.StackName);
  if (!stack) return {};
  const { status } = stackStatus(stack, ctx.now);
  if (status === 'DELETE_COMPLETE' || status === 'DELETE_IN_PROGRESS') return {};
  if (stack.EnableTerminationProtection) throw validation(`Stack [${input.StackName}] cannot be deleted while TerminationProtection is enabled`);
  if (!SETTLED.has(status)) throw unsupported('cloudformation', 'DeleteStack', ` of a stack in ${status}`);
  stack.DeleteToken = input.ClientRequestToken;
  stack.events.push(...planDeletion(stack, ctx.now, input.ClientRequestToken));
  return {};
}

export const stacks: ServiceHandlers = {
  ValidateTemplate: (ctx) => {
    const { template } = loadTemplate(ctx, inputOf<ValidateTemplateCommandInput>(ctx));
    const { capabilities, reason } = requiredCapabilities(template);
    return {
      Parameters: Object.entries(template.parameters).map(([ParameterKey, p]) => ({
        ParameterKey,
        ...(p.Default !== undefined ? { DefaultValue: p.Default } : {}),
        NoEcho: p.NoEcho === true,
        ...(p.Description ? { Description: p.Description } : {}),
      })),
      ...(template.description ? { Description: template.description } : {}),
      ...(capabilities.length ? { Capabilities: capabilities, CapabilitiesReason: reason } : {}),
      DeclaredTransforms: template.transforms,
    };
  },

  CreateStack: createStack,

  DeleteStack: deleteStack,

  UpdateTerminationProtection: (ctx) => {
    const input = inputOf<UpdateTerminationProtectionCommandInput>(ctx);
    const stack = requireStack(ctx, input.StackName);
    if (stackStatus(stack, ctx.now).status === 'DELETE_COMPLETE') throw validation(`Stack with id ${input.StackName} does not exist`);
    stack.EnableTerminationProtection = input.EnableTerminationProtection === true;
    return { StackId: stack.StackId };
  },

  DescribeStacks: (ctx) => {
    const input = inputOf<DescribeStacksCommandInput>(ctx);
    const found = input.StackName
      ? [requireStack(ctx, input.StackName)]
      : Object.values(stacksOf(ctx))
          .filter((s) => ctx.visible(s.createdAt) && stackStatus(s, ctx.now).status !== 'DELETE_COMPLETE')
          .sort((a, b) => b.createdAt - a.createdAt);
    const { items, nextToken } = page(found, undefined, input.NextToken, (s) => s.StackId, { max: PAGE, badToken: () => validation('Invalid NextToken') });
    return { Stacks: items.map((s) => stackView(ctx, s)), ...(nextToken ? { NextToken: nextToken } : {}) };
  },

  DescribeStackEvents: (ctx) => {
    const input = inputOf<DescribeStackEventsCommandInput>(ctx);
    const stack = findStack(ctx, input.StackName);
    if (!stack) throw validation(`Stack [${input.StackName ?? ''}] does not exist`);
    const events = visibleEvents(stack, ctx.now).reverse();
    const { items, nextToken } = page(events, undefined, input.NextToken, (e) => e.EventId, { max: PAGE, badToken: () => validation('Invalid NextToken') });
    return {
      StackEvents: items.map((e) => ({
        StackId: stack.StackId,
        EventId: e.EventId,
        StackName: stack.StackName,
        LogicalResourceId: e.LogicalResourceId,
        PhysicalResourceId: e.PhysicalResourceId,
        ResourceType: e.ResourceType,
        Timestamp: new Date(e.at),
        ResourceStatus: e.ResourceStatus,
        ...(e.ResourceStatusReason ? { ResourceStatusReason: e.ResourceStatusReason } : {}),
        ...(e.ClientRequestToken ? { ClientRequestToken: e.ClientRequestToken } : {}),
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },

  DescribeStackResource: (ctx) => {
    const input = inputOf<DescribeStackResourceCommandInput>(ctx);
    const stack = requireStack(ctx, input.StackName);
    const r = stack.resources.find((x) => x.LogicalResourceId === input.LogicalResourceId);
    const status = r ? resourceStatus(stack, r.LogicalResourceId, ctx.now) : undefined;
    if (!r || !status) throw validation(`Resource ${input.LogicalResourceId ?? ''} does not exist for stack ${input.StackName ?? ''}`);
    return {
      StackResourceDetail: {
        StackName: stack.StackName,
        StackId: stack.StackId,
        LogicalResourceId: r.LogicalResourceId,
        PhysicalResourceId: r.PhysicalResourceId,
        ResourceType: r.ResourceType,
        LastUpdatedTimestamp: new Date(visibleEvents(stack, ctx.now).filter((e) => e.LogicalResourceId === r.LogicalResourceId).at(-1)!.at),
        ResourceStatus: status,
        DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
      },
    };
  },

  ListStacks: (ctx) => {
    const input = inputOf<ListStacksCommandInput>(ctx);
    const filter = (input.StackStatusFilter ?? []) as string[];
    const found = Object.values(stacksOf(ctx))
      .filter((s) => ctx.visible(s.createdAt) && (!filter.length || filter.includes(stackStatus(s, ctx.now).status)))
      .sort((a, b) => b.createdAt - a.createdAt);
    const { items, nextToken } = page(found, undefined, input.NextToken, (s) => s.StackId, { max: PAGE, badToken: () => validation('Invalid NextToken') });
    return {
      StackSummaries: items.map((s) => {
        const v = stackView(ctx, s);
        return {
          StackId: v.StackId,
          StackName: v.StackName,
          ...(s.Description ? { TemplateDescription: s.Description } : {}),
          CreationTime: v.CreationTime,
          ...(v.DeletionTime ? { DeletionTime: v.DeletionTime } : {}),
          StackStatus: v.StackStatus,
          ...(v.StackStatusReason ? { StackStatusReason: v.StackStatusReason } : {}),
        };
      }),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
};
