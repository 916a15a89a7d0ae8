/** `ec2.*` for runbooks: the step kinds, and the composite that launches an instance managed through SSM. */
export * from './kinds.js';
export * from './snapshot-kinds.js';
export { managedInstance, type ManagedInstance, type ManagedInstanceOptions } from './managed-instance.js';
