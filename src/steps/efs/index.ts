/**
 * The efs step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const fileSystem = defineStepKind({
  kind: 'efs.fileSystem',
  mutating: true,
  title: (id, input) => `File system ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./file-system.js').then((m) => m.fileSystemKind), import('./file-system-undo.js').then((m) => m.fileSystemUndo)),
});

export const mountTargets = defineStepKind({
  kind: 'efs.mountTargets',
  mutating: true,
  title: () => 'A mount target in every subnet',
  load: () => withUndo(import('./mount-targets.js').then((m) => m.mountTargetsKind), import('./mount-targets-undo.js').then((m) => m.mountTargetsUndo)),
});
