/**
 * `manual`: what only a person can do. The step shows exact instructions and
 * waits for an acknowledgement (at the prompt, or `--ack STEP` in CI). The
 * engine records the acknowledgement in the run state.
 */
import { type StepKind } from '../../engine/model/step.js';

export interface ManualInput {
  /** Markdown; `{{NAME}}` placeholders are filled from `vars`. */
  instructions: string;
  vars?: Record<string, string>;
  /** What an earlier step knows that makes this one done already (its evidence); empty or absent: it waits for a person. */
  alreadyDone?: string;
}

export type ManualOutputs = Record<string, never>;

export function manualInstructions(input: ManualInput): string {
  return input.instructions.replace(/\{\{([A-Za-z0-9_]+)\}\}/g, (m, name: string) => input.vars?.[name] ?? m);
}

const kind: StepKind<ManualInput, ManualOutputs> = {
  async check(_ctx, input) {
    if (input.alreadyDone) return { done: true, outputs: {}, evidence: [input.alreadyDone] };
    return { done: false, reason: 'Waiting for an operator to do this and acknowledge it.' };
  },
  plan: (input) => [{ service: 'operator', operation: 'Acknowledge', input: { instructions: manualInstructions(input) } }],
  instructions: manualInstructions,
};

export { kind as manualKind };
