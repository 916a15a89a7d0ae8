/**
 * The checks step kinds: verifications of what earlier steps found, with no
 * AWS call of their own.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const timesClose = defineStepKind({
  kind: 'checks.timesClose',
  mutating: false,
  title: () => 'Check the backups were taken close together',
  load: async () => (await import('./times-close.js')).timesCloseKind,
});
