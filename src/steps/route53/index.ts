/**
 * The route53 step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { withUndo } from '../undo.js';
import { defineStepKind } from '../../engine/model/step.js';

export const record = defineStepKind({
  kind: 'route53.record',
  mutating: true,
  title: (id, input) => (typeof input.name === 'string' ? `DNS record ${input.name}` : `DNS record (${id})`),
  load: () => withUndo(import('./record.js').then((m) => m.recordKind), import('./record-undo.js').then((m) => m.recordUndo)),
});

export const resolves = defineStepKind({
  kind: 'route53.resolves',
  mutating: false,
  title: (id, input) => (typeof input.name === 'string' ? `Verify: ${input.name} resolves to the address` : `Verify: the name resolves (${id})`),
  load: async () => (await import('./resolves.js')).resolvesKind,
});
