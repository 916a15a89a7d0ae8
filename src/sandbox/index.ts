/**
 * `--sandbox`: an in-process simulated AWS account, persisted under the state
 * dir so that a resume in a new process sees the same account.
 */
export { SANDBOX_LATENCY_SECONDS, SANDBOX_MS_PER_SECOND } from './time.js';
export type { SandboxFaults } from './faults.js';
export { Sandbox, openSandbox, type OpenSandboxOptions, type SentScript } from './sandbox.js';
export type { HttpAnswer } from './http.js';
export type { SandboxAccountState } from './state.js';
export { SIMULATED_OUTPUT_BANNER } from './services/ssm.js';
export { simulatedOperations } from './services/index.js';
export { simulatedScriptNames } from './host/scripts.js';
export { rehearsal, sandboxFor, type AttachedSandbox } from './attach.js';
