/**
 * The ACM step kinds as runbooks use them. Each implementation (and the AWS
 * SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const certificate = defineStepKind({
  kind: 'acm.certificate',
  mutating: true,
  title: (id, input) => `Certificate ${typeof input.name === 'string' ? input.name : id} (the given one, else self-signed)`,
  load: () => withUndo(import('./certificate.js').then((m) => m.certificateKind), import('./certificate-undo.js').then((m) => m.certificateUndo)),
});
