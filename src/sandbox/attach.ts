/** The sandbox as a run uses it: the account under the state dir, its simulated HTTP, its clock. */
import type { SimulatedBackend } from '../aws/session.js';
import type { HttpClient } from '../io/http.js';
import type { SandboxFaults } from './faults.js';
import { openSandbox } from './sandbox.js';
import { SANDBOX_MS_PER_SECOND } from './time.js';

export interface AttachedSandbox {
  backend: SimulatedBackend;
  http: HttpClient;
  msPerSecond: number;
}

export function sandboxFor(options: { faults?: SandboxFaults; region?: string } = {}): { open: (stateDir: string) => Promise<AttachedSandbox> } {
  return {
    open: async (stateDir) => {
      const sandbox = openSandbox({ stateDir, ...(options.faults ? { faults: options.faults } : {}), ...(options.region ? { region: options.region } : {}) });
      return { backend: sandbox, http: { get: (url, headers) => sandbox.httpGet(url, headers) }, msPerSecond: SANDBOX_MS_PER_SECOND };
    },
  };
}
