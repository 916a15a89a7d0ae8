/**
 * Typed runbook parameters. Every value is validated before any AWS call; a
 * bad one is reported as one sentence naming the parameter and what is expected.
 */
import { z } from 'zod';
import type { AwsSession } from '../../aws/session.js';
import type { Choice } from '../../core/calls.js';
import { nearest } from '../../core/nearest.js';
import { hostedZoneChoices, subnetChoices, vpcChoices } from './param-choices.js';

export { nearest };

export interface ParamSpec<T = unknown> {
  description: string;
  /** What a valid value looks like, used in error messages: "a VPC id such as vpc-0abc1234". */
  expected: string;
  schema: z.ZodType<T>;
  default?: T;
  /** Absent values are allowed (a step decides, e.g. the default VPC). */
  optional?: boolean;
  /** Never written to state, reports or logs. */
  secret?: boolean;
  /** Offered as a list when asked interactively; read from the account. */
  choices?: (aws: AwsSession, known: Record<string, unknown>) => Promise<Choice[]>;
  /** Free-text prompts get this hint. */
  example?: string;
}

export type ParamValues<P extends Record<string, ParamSpec>> = {
  [K in keyof P]: P[K] extends ParamSpec<infer T> ? (P[K]['optional'] extends true ? T | undefined : T) : never;
};

export class ParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'ParamError';
  }
}

type Extra<T> = Partial<Pick<ParamSpec<T>, 'default' | 'optional' | 'secret' | 'choices' | 'example'>>;

function spec<T>(description: string, expected: string, schema: z.ZodType<T>, extra: Extra<T> = {}): ParamSpec<T> {
  return { description, expected, schema, ...extra };
}

// Names of AWS resources (IAM names, key pairs, Beanstalk names): no shell metacharacters,
// quotes, whitespace or path separators, and no leading dot or dash.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=,-]*$/;

const awsIdPattern = (prefix: string) => new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);

const HOSTED_ZONE = /^(?:Z[A-Z0-9]{1,32}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?)$/;

export const param = {
  string: (description: string, extra: Extra<string> & { expected?: string; pattern?: RegExp; max?: number } = {}) => {
    const { expected, pattern, max, ...rest } = extra;
    let schema = z.string().min(1).max(max ?? 256);
    if (pattern) schema = schema.regex(pattern);
    return spec(description, expected ?? 'a non-empty text', schema, rest);
  },

  /** A name that reaches AWS or a shell: letters, digits and . _ : / @ + = - only. */
  name: (description: string, extra: Extra<string> & { expected?: string; max?: number } = {}) => {
    const { expected, max, ...rest } = extra;
    return spec(
      description,
      expected ?? 'a name of letters, digits and . _ - @ + = , starting with a letter or digit',
      z
        .string()
        .min(1)
        .max(max ?? 128)
        .regex(SAFE_NAME),
      rest,
    );
  },

  awsId: (prefix: 'vpc' | 'subnet' | 'sg' | 'i' | 'fs' | 'ami' | 'vol' | 'eipalloc', description: string, extra: Extra<string> = {}) =>
    spec(description, `an id such as ${prefix}-0abc1234 (${prefix}- then 8 or 17 hex digits)`, z.string().regex(awsIdPattern(prefix)), extra),

  /** A VPC id, offered as a list of the account's VPCs at a terminal. */
  vpc: (description: string, extra: Extra<string> = {}) => param.awsId('vpc', description, { choices: vpcChoices, ...extra }),

  /** A subnet id, offered from the VPC chosen as `vpcId` (else the default subnets). */
  subnet: (description: string, extra: Extra<string> = {}) => param.awsId('subnet', description, { choices: subnetChoices, ...extra }),

  /** A Route53 hosted zone, by id or by name, offered as a list of the account's zones. */
  hostedZone: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'a hosted zone id such as Z0123456789ABC or a zone name such as example.com', z.string().max(253).regex(HOSTED_ZONE), { choices: hostedZoneChoices, ...extra }),

  cidr: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'an IPv4 CIDR block such as 10.0.0.0/16', z.string().refine(isIpv4Cidr), extra),

  instanceType: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'an EC2 instance type such as m7i.large', z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/).max(32), extra),

  int: (description: string, extra: Extra<number> & { min: number; max: number; unit?: string }) => {
    const { min, max, unit, ...rest } = extra;
    return spec(
      description,
      `a whole number from ${min} to ${max}${unit ? ` (${unit})` : ''}`,
      z.coerce.number().int().min(min).max(max),
      rest,
    );
  },

  boolean: (description: string, extra: Extra<boolean> = {}) =>
    spec(
      description,
      'true or false',
      z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no']).transform((v) => v === 'true' || v === 'yes')]),
      extra,
    ),

  oneOf: <const V extends readonly [string, ...string[]]>(description: string, values: V, extra: Extra<V[number]> = {}) =>
    spec(description, `one of ${values.join(', ')}`, z.enum(values), extra),

  hostname: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'a DNS host name such as node1.example.com', z.string().max(253).refine(isHostname), extra),

  port: (description: string, extra: Extra<number> = {}) =>
    spec(description, 'a TCP port from 1 to 65535', z.coerce.number().int().min(1).max(65535), extra),

  url: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'an http:// or https:// URL', z.string().refine(isHttpUrl), extra),

  /** A local folder path; no newlines or NUL. */
  path: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'a folder path', z.string().min(1).regex(/^[^\n\r\0]+$/), extra),
};

export function isIpv4Cidr(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!m) return false;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  return octets.every((o) => o <= 255) && prefix <= 32 && !m.slice(1, 5).some((o) => o.length > 1 && o.startsWith('0'));
}

export function isHostname(value: string): boolean {
  const labels = value.replace(/\.$/, '').split('.');
  return labels.length >= 2 && labels.every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !/[\s'"`$\\]/.test(value);
  } catch {
    return false;
  }
}

/** A value as an error message shows it: one line, control characters escaped, not too long. */
function show(value: unknown): string {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const control = [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  const text = control ? JSON.stringify(raw).slice(1, -1) : raw;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Validate one raw value (a CLI string or a params-file value). */
export function parseParam(name: string, spec: ParamSpec, raw: unknown): unknown {
  const result = spec.schema.safeParse(raw);
  if (result.success) return result.data;
  const shown = spec.secret ? 'the value given' : `'${show(raw)}'`;
  throw new ParamError(name, `Parameter ${name}: expected ${spec.expected}, got ${shown}.`);
}

export interface ParamResolution {
  values: Record<string, unknown>;
  /** Required parameters with no value and no default. */
  missing: string[];
  /** Optional parameters with no value that an operator could still choose interactively. */
  unset: string[];
}

/**
 * Validate given values against the specs and fill defaults. Throws one
 * ParamError (exit 2) for every unknown name (naming the nearest known one)
 * and invalid value at once.
 */
export function resolveParams(specs: Record<string, ParamSpec>, given: Record<string, unknown>): ParamResolution {
  const values: Record<string, unknown> = {};
  // Every bad value at once, as missing ones are: one sentence each.
  const problems: ParamError[] = [];
  for (const [name, raw] of Object.entries(given)) {
    const s = specs[name];
    if (!s) {
      const near = nearest(name, Object.keys(specs));
      problems.push(new ParamError(name, `Unknown parameter ${name}${near ? `: did you mean ${near}?` : '.'}`));
      continue;
    }
    try {
      values[name] = parseParam(name, s, raw);
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      problems.push(err);
    }
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new ParamError(problems.map((p) => p.param).join(', '), problems.map((p) => p.message).join(' '));
  const missing: string[] = [];
  const unset: string[] = [];
  for (const [name, s] of Object.entries(specs)) {
    if (name in values) continue;
    if (s.default !== undefined) values[name] = s.default;
    else if (s.optional) unset.push(name);
    else missing.push(name);
  }
  return { values, missing, unset };
}

/** The parameters as they may be written down: secrets replaced by a marker. */
export function publicParams(specs: Record<string, ParamSpec>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, specs[k]?.secret ? '(secret)' : v]));
}
