/** A run's key outputs as the summary and `status` print them: one aligned line each. */
import type { KeyOutput } from '../engine/state/state.js';

export function keyOutputLines(outputs: readonly KeyOutput[]): string[] {
  const width = Math.max(...outputs.map((o) => o.label.length));
  return ['Outputs:', ...outputs.map((o) => `  ${o.label.padEnd(width)}  ${typeof o.value === 'string' ? o.value : JSON.stringify(o.value)}`)];
}
