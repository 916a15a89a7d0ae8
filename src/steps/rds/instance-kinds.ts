/**
 * The RDS database step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { withUndo } from '../undo.js';
import { defineStepKind } from '../../engine/model/step.js';

export const dbSubnetGroup = defineStepKind({
  kind: 'rds.dbSubnetGroup',
  mutating: true,
  title: (id, input) => `DB subnet group ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./db-subnet-group.js').then((m) => m.dbSubnetGroupKind), import('./db-subnet-group-undo.js').then((m) => m.dbSubnetGroupUndo)),
});

export const dbInstance = defineStepKind({
  kind: 'rds.dbInstance',
  mutating: true,
  title: (id, input) => `DB instance ${typeof input.identifier === 'string' ? input.identifier : id} (wait until available)`,
  load: () => withUndo(import('./db-instance.js').then((m) => m.dbInstanceKind), import('./db-instance-undo.js').then((m) => m.dbInstanceUndo)),
});
