/**
 * The autoscaling step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { withUndo } from '../undo.js';
import { defineStepKind } from '../../engine/model/step.js';

export const group = defineStepKind({
  kind: 'autoscaling.group',
  mutating: true,
  title: (id, input) => `Auto Scaling group ${typeof input.name === 'string' ? input.name : id} (wait until healthy)`,
  load: () => withUndo(import('./group.js').then((m) => m.groupKind), import('./group-undo.js').then((m) => m.groupUndo)),
});

export const scalingPolicy = defineStepKind({
  kind: 'autoscaling.scalingPolicy',
  mutating: true,
  title: (id, input) => (typeof input.targetCpuPercent === 'number' ? `Scale on average CPU (target ${input.targetCpuPercent}%)` : 'Target-tracking scaling policy'),
  load: () => withUndo(import('./scaling-policy.js').then((m) => m.scalingPolicyKind), import('./scaling-policy-undo.js').then((m) => m.scalingPolicyUndo)),
});

export const currentGroup = defineStepKind({
  kind: 'autoscaling.currentGroup',
  mutating: false,
  title: (id, input) => `Find the serving Auto Scaling group ${typeof input.name === 'string' ? input.name : id}`,
  load: async () => (await import('./current-group.js')).currentGroupKind,
});

/** Removes, and makes nothing: no undo. */
export const retireGroup = defineStepKind({
  kind: 'autoscaling.retireGroup',
  mutating: true,
  title: (id, input) => `Retire Auto Scaling group ${typeof input.name === 'string' ? input.name : id}: drain, delete, wait until its instances are terminated`,
  load: async () => (await import('./retire-group.js')).retireGroupKind,
});
