/**
 * `--sandbox`: an in-process simulated AWS account, persisted under the state
 * dir so that a resume in a new process sees the same account.
 */
export { SANDBOX_LATENCY_SECONDS, SANDBOX_MS_PER_SECOND } from './account/time.js';
export type { SandboxFaults } from './account/faults.js';
export { Sandbox, openSandbox, type OpenSandboxOptions, type SentScript } from './sandbox.js';
export type { SandboxAccountState } from './account/state.js';
export { SIMULATED_OUTPUT_BANNER } from './services/ssm/commands.js';
export { simulatedOperations } from './services/index.js';
export { defineSimulation, outcome, simulate, type RunbookSimulation, type ScriptEnv, type ScriptHandler, type ScriptOutcome } from './host/simulation.js';
export { rehearsal, sandboxFor, type AttachedSandbox } from './attach.js';
