/**
 * The http step kinds as runbooks use them. Each implementation (and the
 * AWS SDK client it needs) loads only when a run first reaches a step of its kind.
 */
import { defineStepKind } from '../../engine/model/step.js';

export const repeatedGet = defineStepKind({
  kind: 'http.repeatedGet',
  mutating: false,
  title: () => 'Request the shared documents through the load balancer',
  load: async () => (await import('./repeated-get.js')).repeatedGetKind,
});

export const sessionCounter = defineStepKind({
  kind: 'http.sessionCounter',
  mutating: false,
  title: () => 'Check that sessions survive a change of server',
  load: async () => (await import('./session-counter.js')).sessionCounterKind,
});

export const page = defineStepKind({
  kind: 'http.page',
  mutating: false,
  title: () => 'Check the page answers',
  load: async () => (await import('./page.js')).pageKind,
});
