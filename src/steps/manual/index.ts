/**
 * The manual step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const manual = defineStepKind({
  kind: 'manual',
  mutating: false,
  title: (id) => `Manual: ${id}`, manual: true,
  load: async () => (await import('./manual.js')).manualKind,
});
