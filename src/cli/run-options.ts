/**
 * Flags of `run` and `resume`, checked and turned into a run request. Every
 * mistake is one sentence and exit 2, before any AWS call.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
import { z } from 'zod';
import { isPlainObject } from '../engine/model/refs.js';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { checkReportPath } from './report-file.js';

export interface RunFlags {
  param?: string[];
  paramsFile?: string;
  nonInteractive?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  ack?: string[];
  from?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  sandbox?: boolean;
  sandboxFault?: string;
  stateDir: string;
  report?: string[];
  json?: boolean;
  /** `--no-probes` sets it false: a dry-run that sends no SSM probe. */
  probes?: boolean;
  force?: boolean;
  /** SSE-KMS key for state kept in S3. */
  stateKmsKey?: string;
  /** `--runbooks DIR`: more runbooks to choose from (repeatable). */
  runbooks?: string[];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--param name=value`, each name once; the result's keys are own properties, whatever they are (`__proto__` too). */
export function parseParamFlags(flags: string[] = []): Record<string, string> {
  const out = new Map<string, string>();
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${f}: expected name=value.`);
    const name = f.slice(0, eq);
    if (out.has(name)) throw new UsageError(`--param ${name} is given twice; give each parameter once.`);
    out.set(name, f.slice(eq + 1));
  }
  return Object.fromEntries(out);
}

const MAX_PARAMS_FILE = 1024 * 1024;

export function readParamsFile(path: string, cwd: string): Record<string, unknown> {
  const full = resolve(cwd, path);
  let text: string;
  try {
    // A device, a FIFO or a huge file is refused before it is read (a FIFO would block).
    const stat = statSync(full);
    if (!stat.isFile()) throw new UsageError(`--params-file ${path}: not a regular file.`);
    if (stat.size > MAX_PARAMS_FILE) throw new UsageError(`--params-file ${path}: larger than 1 MiB; a parameters file is a short mapping.`);
    text = readFileSync(full, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--params-file ${path}: the file cannot be read.`);
  }
  let data: unknown;
  try {
    // A .json file is JSON, strictly; anything else is YAML. Either way a key given twice is refused
    // (JSON.parse would keep the last silently), and YAML's warnings are not printed.
    const yaml = (t: string) => parseYaml(t, { prettyErrors: false, uniqueKeys: true, logLevel: 'error' }) as unknown;
    if (path.toLowerCase().endsWith('.json')) {
      data = JSON.parse(text);
      yaml(text);
    } else data = yaml(text);
  } catch (err) {
    throw new UsageError(`--params-file ${path} is not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data)) throw new UsageError(`--params-file ${path}: expected a mapping of parameter names to values.`);
  return data;
}

export interface ReportTarget {
  format: ReportFormat;
  path: string;
}

export function parseReportFlags(flags: string[] = [], cwd: string): ReportTarget[] {
  return flags.map((f) => {
    const eq = f.indexOf('=');
    const format = f.slice(0, eq);
    if (eq <= 0 || !f.slice(eq + 1)) throw new UsageError(`--report ${f}: expected FORMAT=PATH, e.g. junit=report.xml.`);
    if (!isReportFormat(format)) throw new UsageError(`--report ${f}: the format must be one of ${REPORT_FORMATS.join(', ')}.`);
    const path = resolve(cwd, f.slice(eq + 1));
    checkReportPath('--report', path);
    return { format, path };
  });
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function checkEndpoint(where: string, value: string): void {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)
    throw new UsageError(`${where} ${value}: expected an http:// or https:// URL such as http://localhost:4566.`);
}

/**
 * Where the run goes, from the flags and the environment the SDK would read
 * (AWS_REGION, AWS_ENDPOINT_URL, AWS_PROFILE), each checked the same way.
 */
export async function checkTarget(flags: RunFlags, env: NodeJS.ProcessEnv): Promise<void> {
  if (flags.region && !REGION.test(flags.region)) throw new UsageError(`--region ${flags.region}: expected a region name such as us-east-1.`);
  if (flags.endpointUrl) checkEndpoint('--endpoint-url', flags.endpointUrl);
  if (flags.sandbox && (flags.profile || flags.endpointUrl)) throw new UsageError('--sandbox runs against the simulated account: drop --profile and --endpoint-url.');
  if (flags.sandboxFault && !flags.sandbox) throw new UsageError('--sandbox-fault needs --sandbox.');
  if (flags.sandbox) return;
  if (!flags.region && env.AWS_REGION && !REGION.test(env.AWS_REGION)) throw new UsageError(`AWS_REGION ${env.AWS_REGION}: expected a region name such as us-east-1.`);
  if (!flags.endpointUrl && env.AWS_ENDPOINT_URL) checkEndpoint('AWS_ENDPOINT_URL', env.AWS_ENDPOINT_URL);
  const profile = flags.profile ?? env.AWS_PROFILE;
  if (profile) await checkProfile(profile, flags.profile ? '--profile' : 'AWS_PROFILE');
}

/** A named profile must be in the shared config or credentials file, as the SDK reads them. */
async function checkProfile(profile: string, where: string): Promise<void> {
  const { parseKnownFiles } = await import('@smithy/core/config');
  const known = await parseKnownFiles({}).catch(() => ({}) as Record<string, unknown>);
  if (!Object.hasOwn(known, profile))
    throw new UsageError(`${where} ${profile}: there is no such profile in the AWS config or credentials file (~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE).`);
}

export function parseSandboxFault(value: string | undefined, def: RunbookDefinition, stepIds: string[]): { stepId: string; errorName?: string } | undefined {
  if (!value) return undefined;
  const [stepId, errorName] = value.split(':', 2) as [string, string | undefined];
  if (!stepIds.includes(stepId)) throw new UsageError(`--sandbox-fault ${value}: runbook ${def.id} has no step ${stepId}.`);
  if (errorName !== undefined && !/^[A-Za-z][A-Za-z0-9.]*$/.test(errorName)) throw new UsageError(`--sandbox-fault ${value}: expected STEP or STEP:ErrorName.`);
  return { stepId, ...(errorName ? { errorName } : {}) };
}

/**
 * `RUNBOOK_SANDBOX_FAULTS`: a JSON object of sandbox faults for rehearsals
 * (throttling, eventual consistency, denied actions, a crash right after a
 * write). Only the sandbox reads it.
 */
const FAULTS = z.strictObject({
  throttle: z.boolean().optional(),
  eventualConsistency: z.strictObject({ notVisibleForSeconds: z.number().positive().max(3600) }).optional(),
  deny: z.array(z.string().regex(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]*$/)).optional(),
  crashAfter: z.strictObject({ stepId: z.string().min(1), operation: z.string().regex(/^[A-Z][A-Za-z0-9]*$/).optional() }).optional(),
});

/**
 * `RUNBOOK_SANDBOX_FAULTS`: a JSON object of sandbox faults for rehearsals
 * (throttling, eventual consistency, denied actions, a crash right after a
 * write), checked field by field. Only the sandbox reads it.
 */
export function sandboxFaultsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw = env.RUNBOOK_SANDBOX_FAULTS;
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UsageError('RUNBOOK_SANDBOX_FAULTS must be a JSON object such as {"throttle":true}.');
  }
  const checked = FAULTS.safeParse(parsed);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0]!;
  const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
  throw new UsageError(
    `RUNBOOK_SANDBOX_FAULTS${field ? ` ${field}` : ''}: expected ${
      issue.code === 'unrecognized_keys' ? 'only throttle, eventualConsistency, deny and crashAfter' : 'the shape documented in README.md (Reliability)'
    }, such as {"throttle":true} or {"deny":["ec2:RunInstances"]}.`,
  );
}
