/**
 * The secretsmanager step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const managedSecret = defineStepKind({
  kind: 'secretsmanager.managedSecret',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `The secret of ${input.what} exists` : id),
  load: async () => (await import('./managed-secret.js')).managedSecretKind,
});
