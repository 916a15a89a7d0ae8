/**
 * The cloudformation step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
import { withUndo } from '../undo.js';

export const template = defineStepKind({
  kind: 'cloudformation.template',
  mutating: true,
  title: () => 'The stack template',
  load: async () => (await import('./template.js')).templateKind,
});

export const templateUpload = defineStepKind({
  kind: 'cloudformation.templateUpload',
  mutating: true,
  title: () => 'Upload the template when it is over the inline limit',
  load: () => withUndo(import('./template-upload.js').then((m) => m.templateUploadKind), import('./template-upload-undo.js').then((m) => m.templateUploadUndo)),
});

export const validateTemplate = defineStepKind({
  kind: 'cloudformation.validateTemplate',
  mutating: false,
  title: () => 'Validate the template with CloudFormation',
  load: async () => (await import('./validate-template.js')).validateTemplateKind,
});

export const stack = defineStepKind({
  kind: 'cloudformation.stack',
  mutating: true,
  title: (id, input) => (typeof input.stackName === 'string' ? `Stack ${input.stackName}` : `Stack (${id})`),
  load: () => withUndo(import('./stack.js').then((m) => m.stackKind), import('./stack-undo.js').then((m) => m.stackUndo)),
});

export const deleteStack = defineStepKind({
  kind: 'cloudformation.deleteStack',
  mutating: true,
  title: (id, input) => (typeof input.stackName === 'string' ? `Delete stack ${input.stackName}` : `Delete the stack (${id})`),
  load: async () => (await import('./delete-stack.js')).deleteStackKind,
});

export const stackPage = defineStepKind({
  kind: 'cloudformation.stackPage',
  mutating: false,
  title: () => "Check the stack's application answers",
  load: async () => (await import('./stack-page.js')).stackPageKind,
});
