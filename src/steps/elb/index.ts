/**
 * The classic Elastic Load Balancing step kinds as runbooks use them. Each
 * implementation (and the AWS SDK client it needs) loads only when a run
 * first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const classicLoadBalancer = defineStepKind({
  kind: 'elb.classicLoadBalancer',
  mutating: true,
  title: (id, input) => `Classic load balancer ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./load-balancer.js').then((m) => m.classicLoadBalancerKind), import('./load-balancer-undo.js').then((m) => m.classicLoadBalancerUndo)),
});

export const registeredInstances = defineStepKind({
  kind: 'elb.registeredInstances',
  mutating: true,
  title: (id, input) => `Register with ${typeof input.loadBalancerName === 'string' ? input.loadBalancerName : 'the load balancer'} and wait until InService`,
  load: () => withUndo(import('./registered-instances.js').then((m) => m.registeredInstancesKind), import('./registered-instances-undo.js').then((m) => m.registeredInstancesUndo)),
});
