/**
 * The ssm step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';
export { lsofCommandIs, outputLineIs, succeeds } from './expectations.js';

export const portForward = defineStepKind({
  kind: 'ssm.portForward',
  mutating: true,
  title: () => 'Open a port-forwarding session',
  load: async () => (await import('./port-forward.js')).portForwardKind,
});

export const readSecret = defineStepKind({
  kind: 'ssm.readSecret',
  mutating: false,
  title: (id, input) => (typeof input.what === 'string' ? `Read ${input.what}` : id),
  load: async () => (await import('./read-secret.js')).readSecretKind,
});

export const rebootCheck = defineStepKind({
  kind: 'ssm.rebootCheck',
  mutating: true,
  title: () => 'Reboot and check again',
  load: async () => (await import('./reboot-check.js')).rebootCheckKind,
});

export const script = defineStepKind({
  kind: 'ssm.script',
  mutating: true,
  title: (id, input) => (typeof input.script === 'object' && 'name' in input.script ? `Run ${String(input.script.name).split('/')[1]}` : id),
  load: async () => (await import('./script.js')).scriptKind,
});

export const sessionManagerPlugin = defineStepKind({
  kind: 'ssm.sessionManagerPlugin',
  mutating: false,
  title: () => 'Check the Session Manager plugin',
  load: async () => (await import('./session-manager-plugin.js')).sessionManagerPluginKind,
});

export const sshConfig = defineStepKind({
  kind: 'ssm.sshConfig',
  mutating: true,
  title: (id, input) => (typeof input.host === 'string' ? `Write the ~/.ssh/config block for ${input.host}` : 'Write the ~/.ssh/config block'),
  load: async () => (await import('./ssh-config.js')).sshConfigKind,
});

export const verify = defineStepKind({
  kind: 'ssm.verify',
  mutating: false,
  title: (id, input) => (typeof input.expect === 'object' && 'describe' in input.expect ? `Verify: ${String(input.expect.describe)}` : id),
  load: async () => (await import('./verify.js')).verifyKind,
});
