/**
 * Typed runbook parameters. Every value is validated before any AWS call; a
 * bad one is reported as one sentence naming the parameter and what is expected.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';
import type { AwsSession } from '../../aws/session.js';
import type { Choice } from '../../core/calls.js';
import { nearest } from '../../core/nearest.js';
import { hostedZoneChoices, subnetChoices, vpcChoices } from './param-choices.js';

export { nearest };

export interface ParamSpec<T = unknown> {
  description: string;
  /** What a valid value looks like, used in error messages: "a VPC id such as vpc-0abc1234". */
  expected: string;
  /** Built on first use: defining a runbook (list, show) never loads the validator. */
  readonly schema: Zod.ZodType<T>;
  default?: T;
  /** Absent values are allowed (a step decides, e.g. the default VPC). */
  optional?: boolean;
  /** Never written to state, reports or logs. */
  secret?: boolean;
  /** Offered as a list when asked interactively; read from the account. */
  choices?: (aws: AwsSession, known: Record<string, unknown>) => Promise<Choice[]>;
  /** Free-text prompts get this hint. */
  example?: string;
  /** A sentence sharper than "expected ..." for a value the schema refuses (a CIDR with host bits set). */
  explain?: (raw: unknown) => string | undefined;
  /** A check against this machine, before any AWS call (a folder that must exist); answers the problem, or undefined. */
  local?: (value: unknown, cwd: string) => string | undefined;
  /**
   * An optional parameter that other values make required (an acknowledgement
   * that only some choices need): missing then, it is asked for at a terminal
   * and reported missing in CI, like a required one.
   */
  requiredWhen?: { describe: string; test(values: Record<string, unknown>): boolean };
  /**
   * A count that decides how many times the runbook declares a group of
   * steps (`param.count`): `steps` gets its value as a number, the default
   * where no value is known yet (`show`, `check`).
   */
  countsSteps?: true;
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

type Extra<T> = Partial<Pick<ParamSpec<T>, 'default' | 'optional' | 'secret' | 'choices' | 'example' | 'requiredWhen'>>;
type Internal<T> = Extra<T> & Partial<Pick<ParamSpec<T>, 'explain' | 'local' | 'countsSteps'>>;

/** Whole numbers as they are written: `20` or "20", never `0x20`, `2e1`, ` 20` or `[20]`. */
const wholeNumber = (z: typeof Zod) => z.union([z.number(), z.string().regex(/^-?(?:0|[1-9]\d*)$/).transform(Number)]).pipe(z.number().int());

/** zod, loaded when a value is first validated (synchronously: validation is synchronous). */
let loaded: typeof Zod | undefined;
const zod = (): typeof Zod => (loaded ??= (createRequire(import.meta.url)('zod') as { z: typeof Zod }).z);

type SchemaOf<T> = (z: typeof Zod) => Zod.ZodType<T>;

function spec<T>(description: string, expected: string, schemaOf: SchemaOf<T>, extra: Internal<T> = {}): ParamSpec<T> {
  let schema: Zod.ZodType<T> | undefined;
  return {
    description,
    expected,
    get schema() {
      return (schema ??= schemaOf(zod()));
    },
    ...extra,
  };
}

// Names of AWS resources (IAM names, key pairs, Beanstalk names): no shell metacharacters,
// quotes, whitespace or path separators, and no leading dot or dash.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=,-]*$/;

const awsIdPattern = (prefix: string) => new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);

const HOSTED_ZONE = /^(?:Z[A-Z0-9]{1,32}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?)$/;

export const param = {
  string: (description: string, extra: Extra<string> & { expected?: string; pattern?: RegExp; max?: number } = {}) => {
    const { expected, pattern, max, ...rest } = extra;
    return spec(description, expected ?? 'a non-empty text', (z) => (pattern ? z.string().min(1).max(max ?? 256).regex(pattern) : z.string().min(1).max(max ?? 256)), rest);
  },

  /** A name that reaches AWS or a shell: letters, digits and . _ : / @ + = - only. */
  name: (description: string, extra: Extra<string> & { expected?: string; max?: number } = {}) => {
    const { expected, max, ...rest } = extra;
    return spec(
      description,
      expected ?? 'a name of letters, digits and . _ - @ + = , starting with a letter or digit',
      (z) =>
        z
          .string()
          .min(1)
          .max(max ?? 128)
          .regex(SAFE_NAME),
      rest,
    );
  },

  awsId: (prefix: 'vpc' | 'subnet' | 'sg' | 'i' | 'fs' | 'ami' | 'vol' | 'snap' | 'eipalloc', description: string, extra: Extra<string> = {}) =>
    spec(description, `an id such as ${prefix}-0abc1234 (${prefix}- then 8 or 17 hex digits)`, (z) => z.string().regex(awsIdPattern(prefix)), extra),

  /** A VPC id, offered as a list of the account's VPCs at a terminal. */
  vpc: (description: string, extra: Extra<string> = {}) => param.awsId('vpc', description, { choices: vpcChoices, ...extra }),

  /** A subnet id, offered from the VPC chosen as `vpcId` (else the default subnets). */
  subnet: (description: string, extra: Extra<string> = {}) => param.awsId('subnet', description, { choices: subnetChoices, ...extra }),

  /** A Route53 hosted zone, by id or by name, offered as a list of the account's zones. */
  hostedZone: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'a hosted zone id such as Z0123456789ABC or a zone name such as example.com', (z) => z.string().max(253).regex(HOSTED_ZONE), { choices: hostedZoneChoices, ...extra }),

  /** An IPv4 network: its address has no host bits (`10.0.0.0/16`, never `10.0.0.5/16`). */
  cidr: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'an IPv4 CIDR block such as 10.0.0.0/16', (z) => z.string().refine((v) => isIpv4Cidr(v) && networkOf(v) === v), {
      explain: (raw) => (typeof raw === 'string' && isIpv4Cidr(raw) && networkOf(raw) !== raw ? `${raw} has host bits set; expected its network address ${networkOf(raw)}` : undefined),
      ...extra,
    }),

  instanceType: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'an EC2 instance type such as m7i.large', (z) => z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/).max(32), extra),

  int: (description: string, extra: Extra<number> & { min: number; max: number; unit?: string }) => {
    const { min, max, unit, ...rest } = extra;
    return spec(
      description,
      `a whole number from ${min} to ${max}${unit ? ` (${unit})` : ''}`,
      (z) => wholeNumber(z).pipe(z.number().min(min).max(max)),
      rest,
    );
  },

  /**
   * How many members a fleet has: the runbook declares one group of steps per
   * member (`steps(params, counts)` gets `counts.<name>`), each with its own
   * ids, tokens and state, so a resume re-runs only the members not done.
   */
  count: (description: string, extra: { max: number; default?: number; unit?: string }) => {
    const { max, unit } = extra;
    return spec(description, `a whole number from 1 to ${max}${unit ? ` (${unit})` : ''}`, (z) => wholeNumber(z).pipe(z.number().min(1).max(max)), { default: extra.default ?? 1, countsSteps: true });
  },

  boolean: (description: string, extra: Extra<boolean> = {}) =>
    spec(
      description,
      'true or false',
      (z) => z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]),
      extra,
    ),

  oneOf: <const V extends readonly [string, ...string[]]>(description: string, values: V, extra: Extra<V[number]> = {}) =>
    spec(description, `one of ${values.join(', ')}`, (z) => z.enum(values), extra),

  hostname: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'a DNS host name such as node1.example.com', (z) => z.string().max(253).refine(isHostname), extra),

  port: (description: string, extra: Extra<number> = {}) =>
    spec(description, 'a TCP port from 1 to 65535', (z) => wholeNumber(z).pipe(z.number().min(1).max(65535)), extra),

  url: (description: string, extra: Extra<string> = {}) =>
    spec(description, 'an http:// or https:// URL', (z) => z.string().refine(isHttpUrl), extra),

  /**
   * A folder on this machine, which must exist unless the runbook creates it
   * (`creates: true`); no newlines or NUL, no longer than the system allows.
   */
  path: (description: string, extra: Extra<string> & { creates?: boolean } = {}) => {
    const { creates, ...rest } = extra;
    return spec(description, 'a folder path', (z) => z.string().min(1).max(PATH_MAX).regex(/^[^\n\r\0]+$/).refine((v) => v.split(sep).every((part) => part.length <= NAME_MAX)), {
      local: creates ? undefined : (value, cwd) => folderProblem(String(value), cwd),
      ...rest,
    });
  },
};

// Linux's limits: a whole path, one of its names.
const PATH_MAX = 4096;
const NAME_MAX = 255;

function folderProblem(path: string, cwd: string): string | undefined {
  const full = resolve(cwd, path);
  if (!existsSync(full)) return `${path} does not exist`;
  if (!statSync(full).isDirectory()) return `${path} is not a folder`;
  return undefined;
}

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

const ipToInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((b) => Math.floor(n / 2 ** b) % 256).join('.');

/** The network a CIDR names: `10.0.0.5/16` -> `10.0.0.0/16`. */
export function networkOf(cidr: string): string {
  const [ip = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return `${intToIp(Math.floor(ipToInt(ip) / size) * size)}/${bits}`;
}

// RFC 1918 private ranges, and RFC 6598 shared address space (carrier-grade NAT).
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** True when every address of the CIDR is private: `0.0.0.0/1` is not, though it is no `/0`. */
export function isPrivateCidr(cidr: string): boolean {
  const [ip = '', bits = '32'] = cidr.split('/');
  const start = ipToInt(ip);
  const end = start + 2 ** (32 - Number(bits)) - 1;
  return PRIVATE_RANGES.some((range) => {
    const [rip = '', rbits = '32'] = range.split('/');
    const rstart = ipToInt(rip);
    return start >= rstart && end <= rstart + 2 ** (32 - Number(rbits)) - 1;
  });
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
  const sharper = spec.secret ? undefined : spec.explain?.(raw);
  if (sharper) throw new ParamError(name, `Parameter ${name}: ${sharper}.`);
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

/** Every problem of the given values at once, each one sentence. */
export class ParamErrors extends Error {
  constructor(readonly problems: ParamError[]) {
    super(problems.map((p) => p.message).join(' '));
    this.name = 'ParamErrors';
  }
}

/**
 * Validate given values against the specs and fill defaults. Throws ParamErrors
 * (exit 2) listing every unknown name (with the nearest known one) and every
 * invalid value at once; names such as `constructor` or `__proto__` are unknown
 * like any other.
 */
export function resolveParams(specs: Record<string, ParamSpec>, given: Record<string, unknown>, cwd?: string): ParamResolution {
  const values: Record<string, unknown> = {};
  const problems: ParamError[] = [];
  for (const [name, raw] of Object.entries(given)) {
    const s = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!s) {
      const near = nearest(name, Object.keys(specs));
      problems.push(new ParamError(name, `Unknown parameter ${name}${near ? `: did you mean ${near}?` : '.'}`));
      continue;
    }
    try {
      values[name] = parseParam(name, s, raw);
      const local = cwd === undefined ? undefined : s.local?.(values[name], cwd);
      if (local) problems.push(new ParamError(name, `Parameter ${name}: ${local}.`));
    } catch (err) {
      if (!(err instanceof ParamError)) throw err;
      problems.push(err);
    }
  }
  if (problems.length) throw new ParamErrors(problems);
  const missing: string[] = [];
  const unset: string[] = [];
  // Defaults first: whether a value is required may depend on the others (requiredWhen).
  for (const [name, s] of Object.entries(specs)) if (!Object.hasOwn(values, name) && s.default !== undefined) values[name] = s.default;
  for (const [name, s] of Object.entries(specs)) {
    if (Object.hasOwn(values, name)) continue;
    if (s.optional && !s.requiredWhen?.test(values)) unset.push(name);
    else missing.push(name);
  }
  return { values, missing, unset };
}

/** The parameters as they may be written down: secrets replaced by a marker. */
export function publicParams(specs: Record<string, ParamSpec>, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, specs[k]?.secret ? '(secret)' : v]));
}
