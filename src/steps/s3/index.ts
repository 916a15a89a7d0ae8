/**
 * The s3 step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const bucket = defineStepKind({
  kind: 's3.bucket',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Check ${input.what}` : `Check the bucket (${id})`),
  load: async () => (await import('./bucket.js')).bucketKind,
});

export const object = defineStepKind({
  kind: 's3.object',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Check ${input.what}` : `Check the object (${id})`),
  load: async () => (await import('./object.js')).objectKind,
});

export const recentBackup = defineStepKind({
  kind: 's3.recentBackup',
  mutating: true,
  title: (id, input) => (typeof input.prefix === 'string' ? `A recent backup under ${input.prefix}` : `A recent backup (${id})`),
  load: async () => (await import('./recent-backup.js')).recentBackupKind,
});
