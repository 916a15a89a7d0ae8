/** Every shell script a runbook sends (probes and scripts), as its steps declare them. */
import type { ShellScript } from '../../src/aws/shell.js';
import type { RunbookDefinition } from '../../src/engine/model/runbook.js';
import { instantiateSteps } from '../../src/engine/plan/planner.js';

export function scriptsOf(def: RunbookDefinition): ShellScript[] {
  return instantiateSteps(def).flatMap((s) =>
    ['probe', 'script'].flatMap((k) => {
      const v = (s.input as Record<string, unknown>)[k];
      return v && typeof v === 'object' && 'body' in v ? [v as ShellScript] : [];
    }),
  );
}
