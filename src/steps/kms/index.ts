/**
 * The kms step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const key = defineStepKind({
  kind: 'kms.key',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Check ${input.what}` : `Check the KMS key (${id})`),
  load: async () => (await import('./key.js')).keyKind,
});
