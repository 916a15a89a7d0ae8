/**
 * `import { defineSimulation, simulate, outcome, docker, systemd } from 'runbook/simulation'`:
 * what a runbook's `simulation.ts` is written with. Each of its scripts gets
 * an effect on a generic simulated host (files, packages, units, containers,
 * disks and mounts, NFS, a swarm), which the sandbox applies when the
 * script's text arrives through SSM. Loaded only in the sandbox.
 */
export {
  defineSimulation,
  outcome,
  simulate,
  simulateWeb,
  type NfsNetwork,
  type ObjectStore,
  type RunbookSimulation,
  type ScriptEnv,
  type ScriptHandler,
  type ScriptOutcome,
  type WebHandler,
  type WebRequest,
} from '../sandbox/host/simulation.js';
export { allocatePid, hostIsUp, newHost, type HostContainer, type HostDisk, type HostFile, type HostFileSystem, type HostMount, type HostState, type HostUnit, type PortBinding } from '../sandbox/host/model.js';
export { defineAccountSeed, type AccountSeed, type SeedWorld } from '../sandbox/account/fixtures.js';
export * as docker from '../sandbox/host/docker.js';
export * as nfs from '../sandbox/host/nfs.js';
export * as storage from '../sandbox/host/storage.js';
export * as swarm from '../sandbox/host/swarm.js';
export * as systemd from '../sandbox/host/systemd.js';
