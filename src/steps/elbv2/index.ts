/**
 * The elbv2 step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { withUndo } from '../undo.js';
import { defineStepKind } from '../../engine/model/step.js';

const undos = () => import('./undo.js');

export const targetGroup = defineStepKind({
  kind: 'elbv2.targetGroup',
  mutating: true,
  title: (id, input) => `Target group ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./target-group.js').then((m) => m.targetGroupKind), undos().then((m) => m.targetGroupUndo)),
});

export const loadBalancer = defineStepKind({
  kind: 'elbv2.loadBalancer',
  mutating: true,
  title: (id, input) => `Application Load Balancer ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./load-balancer.js').then((m) => m.loadBalancerKind), undos().then((m) => m.loadBalancerUndo)),
});

export const listener = defineStepKind({
  kind: 'elbv2.listener',
  mutating: true,
  title: (id, input) => (typeof input.port === 'number' ? `Listener on port ${input.port}` : `Listener (${id})`),
  load: () => withUndo(import('./listener.js').then((m) => m.listenerKind), undos().then((m) => m.listenerUndo)),
});

export const registeredTargets = defineStepKind({
  kind: 'elbv2.registeredTargets',
  mutating: true,
  title: (id, input) => `Register in target group ${typeof input.targetGroupName === 'string' ? input.targetGroupName : id} and wait until healthy`,
  load: () => withUndo(import('./registered-targets.js').then((m) => m.registeredTargetsKind), import('./registered-targets-undo.js').then((m) => m.registeredTargetsUndo)),
});

export const findLoadBalancer = defineStepKind({
  kind: 'elbv2.findLoadBalancer',
  mutating: false,
  title: () => 'Find the load balancer that sends to the group',
  load: async () => (await import('./find-load-balancer.js')).findLoadBalancerKind,
});
