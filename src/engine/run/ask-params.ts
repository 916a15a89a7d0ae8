/**
 * Interactive parameter collection: required values first, then optional ones
 * that the account can offer as a list (VPCs, subnets in the region).
 */
import type { AwsSession } from '../../aws/session.js';
import type { Operator, ParamQuestion } from '../../io/operator.js';
import type { RunbookDefinition } from '../model/runbook.js';
import { parseParam, ParamError, type ParamResolution } from '../model/params.js';

export async function askMissingParams(def: RunbookDefinition, resolution: ParamResolution, operator: Operator, session: AwsSession): Promise<Record<string, unknown>> {
  const known: Record<string, unknown> = { ...resolution.values };
  const answers: Record<string, unknown> = {};
  const names = [...resolution.missing, ...resolution.unset.filter((n) => def.params[n]?.choices)];
  // One question at a time: later choices (subnets) depend on earlier answers (the VPC).
  for (const name of names) {
    const spec = def.params[name]!;
    const choices = spec.choices ? await spec.choices(session, known) : undefined;
    const question: ParamQuestion = {
      name,
      message: `${name}: ${spec.description}`,
      required: resolution.missing.includes(name),
      ...(choices ? { choices } : {}),
      secret: spec.secret === true,
      ...(spec.example ? { default: spec.example } : {}),
      validate: (raw) => {
        try {
          parseParam(name, spec, raw);
          return undefined;
        } catch (err) {
          return err instanceof ParamError ? err.message : String(err);
        }
      },
    };
    const raw = (await operator.askParams([question]))[name];
    if (raw === undefined) continue;
    answers[name] = parseParam(name, spec, raw);
    known[name] = answers[name];
  }
  return answers;
}
