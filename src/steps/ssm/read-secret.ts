/**
 * `ssm.readSecret`: read a secret a host prints (a swarm join token) with a
 * read-only script. The value is registered as a secret at once and is an
 * output kept in memory only: later steps get it, the state, reports and
 * logs never do. Re-read on every run and resume, since nothing stores it.
 */
import { type StepKind } from '../../engine/model/step.js';
import type { ShellScript } from '../../aws/shell.js';
import { runScript } from '../../aws/ssm-run.js';

export interface ReadSecretInput {
  instanceId: string;
  /** What the value is, for messages: "the worker join token". */
  what: string;
  script: ShellScript;
  /** The value's shape (a regular expression's source); anything else is refused without being shown. */
  pattern: string;
}

export interface ReadSecretOutputs {
  value: string;
}

export class ReadSecretError extends Error {
  override name = 'ReadSecretFailed';
}

/** The last line the script printed, the sandbox's banner aside. */
function lastLine(stdout: string): string {
  const lines = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('[sandbox]'));
  return lines.at(-1) ?? '';
}

const kind: StepKind<ReadSecretInput, ReadSecretOutputs> = {
  secretOutputs: ['value'],
  async check(ctx, input) {
    const result = await runScript(ctx, input.instanceId, input.script, { probe: true, timeoutSeconds: 120 });
    const value = lastLine(result.stdout);
    // Registered before anything could show it; a failed script prints no secret, only its error.
    if (value) ctx.secret(value);
    if (result.exitCode !== 0)
      throw new ReadSecretError(`Reading ${input.what} on ${input.instanceId} failed (${result.status}, exit ${result.exitCode}): ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
    if (!new RegExp(input.pattern).test(value)) throw new ReadSecretError(`${input.script.name} on ${input.instanceId} printed something that is not ${input.what} (${value.length} characters, not shown).`);
    return { done: true, outputs: { value }, evidence: [`read ${input.what} from ${input.instanceId} (${value.length} characters, kept in memory only)`] };
  },
  plan: () => [],
};

export { kind as readSecretKind };
