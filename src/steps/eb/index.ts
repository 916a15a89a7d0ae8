/**
 * The eb step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const application = defineStepKind({
  kind: 'eb.application',
  mutating: true,
  title: (id, input) => `Elastic Beanstalk application ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./application.js').then((m) => m.applicationKind), import('./application-undo.js').then((m) => m.applicationUndo)),
});

export const deployFolder = defineStepKind({
  kind: 'eb.deployFolder',
  mutating: true,
  title: (id, input) => (typeof input.environment === 'string' ? `Deploy to ${input.environment}` : `Deploy (${id})`),
  load: () => withUndo(import('./deploy.js').then((m) => m.deployFolderKind), import('./deploy-undo.js').then((m) => m.deployFolderUndo)),
});

export const environment = defineStepKind({
  kind: 'eb.environment',
  mutating: true,
  title: (id, input) => `Environment ${typeof input.name === 'string' ? input.name : id}`,
  load: () => withUndo(import('./environment.js').then((m) => m.environmentKind), import('./environment-undo.js').then((m) => m.environmentUndo)),
});

export const environmentInstances = defineStepKind({
  kind: 'eb.environmentInstances',
  mutating: false,
  title: (id, input) => `Find the instances of ${typeof input.environment === 'string' ? input.environment : 'the environment'}`,
  load: async () => (await import('./environment-instances.js')).environmentInstancesKind,
});

export const platform = defineStepKind({
  kind: 'eb.platform',
  mutating: false,
  title: (id, input) => `Choose the ${typeof input.language === 'string' ? input.language : ''} platform`.replace('  ', ' '),
  load: async () => (await import('./platform.js')).platformKind,
});
