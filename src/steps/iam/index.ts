/**
 * The iam step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { withUndo } from '../undo.js';
import { defineStepKind } from '../../engine/model/step.js';

export const ssmInstanceProfile = defineStepKind({
  kind: 'iam.ssmInstanceProfile',
  mutating: true,
  title: () => 'Instance profile for SSM',
  load: () => withUndo(import('./ssm-instance-profile.js').then((m) => m.ssmInstanceProfileKind), import('./ssm-instance-profile-undo.js').then((m) => m.ssmInstanceProfileUndo)),
});

export const rolePolicy = defineStepKind({
  kind: 'iam.rolePolicy',
  mutating: true,
  title: (id, input) => `Inline policy ${typeof input.policyName === 'string' ? input.policyName : id} on the instances' role`,
  load: () => withUndo(import('./role-policy.js').then((m) => m.rolePolicyKind), import('./role-policy-undo.js').then((m) => m.rolePolicyUndo)),
});
