/**
 * CloudFormation templates as CloudFormation reads them: JSON, or YAML with
 * the short forms of the intrinsic functions (`!Ref`, `!GetAtt`, `!Sub`, ...).
 * What a runbook needs before any AWS call (the parameters a template
 * declares, the capabilities it needs, what it keeps on delete) and what the
 * sandbox's CloudFormation reads are the same facts, so they are read here once.
 */
import { parseDocument, type Tags as YamlTags } from 'yaml';

/** CloudFormation's limits: a body sent inline, and one read from S3 (API reference, TemplateBody and TemplateURL). */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;
export const TEMPLATE_URL_MAX_BYTES = 1_048_576;

export interface TemplateParameter {
  Type: string;
  Default?: string;
  NoEcho?: boolean;
  Description?: string;
  AllowedValues?: string[];
  AllowedPattern?: string;
  MinLength?: number;
  MaxLength?: number;
  MinValue?: number;
  MaxValue?: number;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  Condition?: string;
}

export interface TemplateOutput {
  Value: unknown;
  Description?: string;
  Export?: { Name?: unknown };
  Condition?: string;
}

export interface ParsedTemplate {
  format: 'json' | 'yaml';
  description?: string;
  parameters: Record<string, TemplateParameter>;
  resources: Record<string, TemplateResource>;
  outputs: Record<string, TemplateOutput>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  conditions: Record<string, unknown>;
  transforms: string[];
}

/** What CloudFormation answers for a template it cannot read: `Template format error: ...`. */
export class TemplateFormatError extends Error {
  override name = 'TemplateFormatError';
}

const SHORT_FORMS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or', 'Transform'];

type YamlNode = { toJSON(): unknown };

/** `!Ref X` is `{ Ref: X }`, `!GetAtt A.B` is `{ 'Fn::GetAtt': [A, B] }`, `!Join [...]` is `{ 'Fn::Join': [...] }`. */
function cfnTags(): YamlTags {
  const tags: YamlTags = [];
  const both = (tag: string, make: (value: unknown) => unknown) => {
    tags.push({ tag, resolve: (v: string) => make(v) });
    tags.push({ tag, collection: 'seq', resolve: (v: YamlNode) => make(v.toJSON()) } as never);
    tags.push({ tag, collection: 'map', resolve: (v: YamlNode) => make(v.toJSON()) } as never);
  };
  both('!Ref', (v) => ({ Ref: v }));
  both('!Condition', (v) => ({ Condition: v }));
  both('!GetAtt', (v) => ({ 'Fn::GetAtt': typeof v === 'string' ? splitGetAtt(v) : v }));
  for (const f of SHORT_FORMS) both(`!${f}`, (v) => ({ [`Fn::${f}`]: v }));
  return tags;
}

function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readText(text: string): { data: unknown; format: 'json' | 'yaml' } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return { data: JSON.parse(text), format: 'json' };
    } catch (err) {
      throw new TemplateFormatError(`Template format error: JSON not well-formed. (${(err as Error).message})`);
    }
  }
  const doc = parseDocument(text, { customTags: cfnTags(), prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const where = problem.linePos?.[0] ? ` (line ${problem.linePos[0].line}, column ${problem.linePos[0].col})` : '';
    throw new TemplateFormatError(`Template format error: YAML not well-formed.${where}`);
  }
  return { data: doc.toJSON(), format: 'yaml' };
}

const asStrings = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const asNumber = (v: unknown) => (v === undefined ? undefined : Number(v));

function readParameter(name: string, raw: unknown): TemplateParameter {
  if (!isObject(raw) || typeof raw.Type !== 'string') throw new TemplateFormatError(`Template format error: Every Parameters object must contain a Type member. (${name})`);
  const p: TemplateParameter = { Type: raw.Type };
  if (raw.Default !== undefined) p.Default = Array.isArray(raw.Default) ? raw.Default.join(',') : String(raw.Default);
  if (raw.NoEcho !== undefined) p.NoEcho = raw.NoEcho === true || raw.NoEcho === 'true';
  if (typeof raw.Description === 'string') p.Description = raw.Description;
  if (raw.AllowedValues !== undefined) p.AllowedValues = asStrings(raw.AllowedValues);
  if (typeof raw.AllowedPattern === 'string') p.AllowedPattern = raw.AllowedPattern;
  for (const key of ['MinLength', 'MaxLength', 'MinValue', 'MaxValue'] as const) if (raw[key] !== undefined) p[key] = asNumber(raw[key]);
  return p;
}

/** Parse a template body, as CloudFormation's ValidateTemplate reads it; throws TemplateFormatError. */
export function parseTemplate(text: string): ParsedTemplate {
  const { data, format } = readText(text);
  if (!isObject(data)) throw new TemplateFormatError('Template format error: not a template (expected a JSON object or a YAML mapping).');
  const resources = data.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) throw new TemplateFormatError('Template format error: At least one Resources member must be defined.');
  for (const [name, r] of Object.entries(resources))
    if (!isObject(r) || typeof r.Type !== 'string') throw new TemplateFormatError(`Template format error: [/Resources/${name}] Every Resources object must contain a Type member.`);
  const parameters = Object.fromEntries(Object.entries(isObject(data.Parameters) ? data.Parameters : {}).map(([k, v]) => [k, readParameter(k, v)]));
  const outputs = isObject(data.Outputs) ? (data.Outputs as Record<string, TemplateOutput>) : {};
  const template: ParsedTemplate = {
    format,
    ...(typeof data.Description === 'string' ? { description: data.Description } : {}),
    parameters,
    resources: resources as Record<string, TemplateResource>,
    outputs,
    mappings: (isObject(data.Mappings) ? data.Mappings : {}) as ParsedTemplate['mappings'],
    conditions: isObject(data.Conditions) ? data.Conditions : {},
    transforms: asStrings(data.Transform),
  };
  checkReferences(template);
  return template;
}

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

/** Every `Ref` and `Fn::GetAtt` target, and the `${Name}` references of `Fn::Sub` strings. */
export function referencesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencesIn(v, into);
  else if (isObject(value)) {
    if (typeof value.Ref === 'string') into.add(value.Ref);
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') into.add(getAtt[0]);
    const sub = value['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    const subVars = Array.isArray(sub) && isObject(sub[1]) ? Object.keys(sub[1]) : [];
    for (const m of subText?.matchAll(/\$\{([^}!][^}]*)\}/g) ?? []) {
      const name = m[1]!.split('.')[0]!;
      if (!subVars.includes(name)) into.add(name);
    }
    for (const [k, v] of Object.entries(value)) if (k !== 'Ref') referencesIn(v, into);
  }
  return into;
}

function checkReferences(t: ParsedTemplate): void {
  const known = new Set([...Object.keys(t.parameters), ...Object.keys(t.resources)]);
  const unresolved = new Set<string>();
  for (const r of Object.values(t.resources)) {
    for (const ref of referencesIn(r.Properties)) if (!known.has(ref) && !PSEUDO.has(ref)) unresolved.add(ref);
    for (const dep of asStrings(r.DependsOn)) if (!t.resources[dep]) unresolved.add(dep);
  }
  for (const o of Object.values(t.outputs)) for (const ref of referencesIn(o.Value)) if (!known.has(ref) && !PSEUDO.has(ref)) unresolved.add(ref);
  if (unresolved.size) throw new TemplateFormatError(`Template format error: Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`);
}

/** The resources a resource waits for: what it references and what it names in DependsOn. */
export function dependenciesOf(t: ParsedTemplate, logicalId: string): string[] {
  const r = t.resources[logicalId]!;
  return [...new Set([...referencesIn(r.Properties), ...asStrings(r.DependsOn)])].filter((d) => t.resources[d] !== undefined && d !== logicalId);
}

/** The resources in an order where each comes after what it depends on; a cycle is a format error, as in CloudFormation. */
export function creationOrder(t: ParsedTemplate): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new TemplateFormatError(`Template format error: Circular dependency between resources: [${[...path, id].join(', ')}]`);
    state.set(id, 'visiting');
    for (const d of dependenciesOf(t, id)) visit(d, [...path, id]);
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of Object.keys(t.resources)) visit(id, []);
  return order;
}

const IAM_TYPES = new Set(['AWS::IAM::AccessKey', 'AWS::IAM::Group', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::UserToGroupAddition']);
const IAM_NAMES = ['RoleName', 'GroupName', 'UserName', 'ManagedPolicyName', 'InstanceProfileName'];

export interface RequiredCapabilities {
  capabilities: string[];
  /** As ValidateTemplate's CapabilitiesReason says it. */
  reason?: string;
}

/** The capabilities CreateStack must acknowledge for this template (CreateStack's Capabilities, API reference). */
export function requiredCapabilities(t: ParsedTemplate): RequiredCapabilities {
  const iam = Object.entries(t.resources).filter(([, r]) => IAM_TYPES.has(r.Type));
  const named = iam.filter(([, r]) => IAM_NAMES.some((n) => r.Properties?.[n] !== undefined));
  const capabilities: string[] = [];
  if (iam.length) capabilities.push(named.length ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM');
  if (t.transforms.length) capabilities.push('CAPABILITY_AUTO_EXPAND');
  if (!capabilities.length) return { capabilities };
  const types = [...new Set((named.length ? named : iam).map(([, r]) => r.Type))];
  const reason = iam.length ? `The following resource(s) require capabilities: [${types.join(', ')}]` : `The following transform(s) require capabilities: [${t.transforms.join(', ')}]`;
  return { capabilities, reason };
}

export interface KeptResource {
  logicalId: string;
  type: string;
  /** `Retain` keeps the resource; `Snapshot` deletes it after a final snapshot. */
  policy: 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';
}

/** What a stack leaves behind when it is deleted (DeletionPolicy), in template order. */
export function keptOnDelete(t: ParsedTemplate): KeptResource[] {
  return Object.entries(t.resources)
    .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'RetainExceptOnCreate' || r.DeletionPolicy === 'Snapshot')
    .map(([logicalId, r]) => ({ logicalId, type: r.Type, policy: r.DeletionPolicy as KeptResource['policy'] }));
}

/** The parameters CreateStack must be given a value for: declared without a Default. */
export function requiredParameters(t: ParsedTemplate): string[] {
  return Object.entries(t.parameters)
    .filter(([, p]) => p.Default === undefined)
    .map(([k]) => k);
}
