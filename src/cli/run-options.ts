/**
 * Flags of `run` and `resume`, checked and turned into a run request. Every
 * mistake is one sentence and exit 2, before any AWS call.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';
import type { RunbookDefinition } from '../engine/model/runbook.js';
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
  /** `--runbooks DIR`: more runbooks to choose from (repeatable). */
  runbooks?: string[];
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseParamFlags(flags: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${f}: expected name=value.`);
    out[f.slice(0, eq)] = f.slice(eq + 1);
  }
  return out;
}

export function readParamsFile(path: string, cwd: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    throw new UsageError(`--params-file ${path}: the file cannot be read.`);
  }
  let data: unknown;
  try {
    // A .json file is JSON, strictly; anything else is YAML (of which JSON is a subset).
    data = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
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

export function checkTarget(flags: RunFlags): void {
  if (flags.region && !REGION.test(flags.region)) throw new UsageError(`--region ${flags.region}: expected a region name such as us-east-1.`);
  if (flags.endpointUrl) {
    try {
      new URL(flags.endpointUrl);
    } catch {
      throw new UsageError(`--endpoint-url ${flags.endpointUrl}: expected a URL such as http://localhost:4566.`);
    }
  }
  if (flags.sandbox && (flags.profile || flags.endpointUrl)) throw new UsageError('--sandbox runs against the simulated account: drop --profile and --endpoint-url.');
  if (flags.sandboxFault && !flags.sandbox) throw new UsageError('--sandbox-fault needs --sandbox.');
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
export function sandboxFaultsFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw = env.RUNBOOK_SANDBOX_FAULTS;
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isPlainObject(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new UsageError('RUNBOOK_SANDBOX_FAULTS must be a JSON object such as {"throttle":true}.');
}
