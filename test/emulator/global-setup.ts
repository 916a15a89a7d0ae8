/**
 * Once per `vitest` run: can python3 import moto? In CI (CI=true) it must:
 * the run fails here. Elsewhere the emulator and contract suites are skipped,
 * and this prints the one line that says so and how to enable them; they
 * never pass silently.
 */
import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    motoAvailable: boolean;
  }
}

export const ENABLE_HINT = 'install moto 5.2.1 for python3 (python3 -m pip install "moto[server]==5.2.1") so that python3 -c "import moto" works';

export default function setup(project: TestProject): void {
  const probe = spawnSync('python3', ['-c', 'import moto'], { encoding: 'utf8', timeout: 30_000 });
  const available = probe.status === 0;
  if (!available) {
    const why = probe.error ? probe.error.message : (probe.stderr ?? '').trim().split('\n').at(-1) || `exit ${probe.status}`;
    if (process.env.CI === 'true') throw new Error(`CI needs the AWS emulator: python3 -c "import moto" failed (${why}); ${ENABLE_HINT}.`);
    console.warn(`Emulator and contract suites SKIPPED: python3 cannot import moto (${why}); to run them, ${ENABLE_HINT}.`);
  }
  project.provide('motoAvailable', available);
}
