/**
 * `checks.timesClose`: moments that should lie close together (backups that
 * must restore to one consistent state) lie within a window. Read-only.
 * Further apart is a warning in the evidence, or, when `strict`, a failure.
 */
import { type StepKind } from '../../engine/model/step.js';

export interface TimesCloseInput {
  /** Label -> ISO time. */
  times: Record<string, string>;
  windowHours: number;
  strict: boolean;
  /** What being apart risks, for the warning. */
  risk: string;
}

export interface TimesCloseOutputs {
  spreadHours: number;
  withinWindow: boolean;
}

const round = (h: number) => Math.round(h * 10) / 10;

const kind: StepKind<TimesCloseInput, TimesCloseOutputs> = {
  async check(ctx, input) {
    const entries = Object.entries(input.times).map(([label, iso]) => [label, new Date(iso).getTime()] as const);
    const bad = entries.find(([, t]) => Number.isNaN(t));
    if (bad) throw new Error(`No time for ${bad[0]}: ${input.times[bad[0]]}.`);
    const sorted = [...entries].sort((a, b) => a[1] - b[1]);
    const spread = round((sorted.at(-1)![1] - sorted[0]![1]) / 3_600_000);
    const lines = sorted.map(([label, t]) => `${new Date(t).toISOString()}  ${label}`);
    if (spread <= input.windowHours) return { done: true, outputs: { spreadHours: spread, withinWindow: true }, evidence: [...lines, `Within ${spread} h of each other (window ${input.windowHours} h).`] };
    const warning = `${spread} h apart, more than the ${input.windowHours} h window: ${input.risk}`;
    if (input.strict) return { done: false, reason: warning, evidence: lines };
    ctx.progress(`Warning: ${warning}`);
    return { done: true, outputs: { spreadHours: spread, withinWindow: false }, evidence: [...lines, `WARNING: ${warning}`] };
  },
  plan: () => [],
};

export { kind as timesCloseKind };
