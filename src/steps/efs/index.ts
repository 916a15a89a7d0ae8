/**
 * The efs step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const fileSystem = defineStepKind({
  kind: 'efs.fileSystem',
  mutating: true,
  title: (id, input) => `File system ${typeof input.name === 'string' ? input.name : id}`,
  load: async () => (await import('./file-system.js')).fileSystemKind,
});

export const mountTargets = defineStepKind({
  kind: 'efs.mountTargets',
  mutating: true,
  title: () => 'A mount target in every subnet',
  load: async () => (await import('./mount-targets.js')).mountTargetsKind,
});
