/**
 * The files step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
export type { FolderFile } from './folder.js';

export const folder = defineStepKind({
  kind: 'files.folder',
  mutating: true,
  title: (id, input) => (typeof input.name === 'string' ? `Write the folder ${input.name}` : id),
  load: async () => (await import('./folder.js')).folderKind,
});

export const render = defineStepKind({
  kind: 'files.render',
  mutating: true,
  title: (id, input) => (typeof input.file === 'string' ? `Write ${input.file}` : id),
  load: async () => (await import('./render.js')).renderKind,
});

export const text = defineStepKind({
  kind: 'files.text',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Read ${input.what}` : id),
  load: async () => (await import('./text.js')).textKind,
});
