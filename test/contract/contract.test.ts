/**
 * The sandbox held to moto: every scenario of every service contract runs
 * against both, and what steps depend on must agree, or be a listed
 * difference (differences.ts, README.md). Every operation the sandbox
 * simulates is in a scenario, or listed as one moto does not implement.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedOperations } from '../../src/sandbox/index.js';
import { motoAvailable, useMoto } from '../emulator/moto.js';
import { DIFFERENCES } from './differences.js';
import { motoBackend, observe, sandboxBackend, type Backend } from './harness.js';
import { CONTRACTS } from './services/index.js';

describe('every operation the sandbox simulates is in the contract', () => {
  it('is exercised by a scenario or listed as one moto does not implement, and nothing else is listed', () => {
    const covered = new Set(CONTRACTS.flatMap((c) => [...c.scenarios.flatMap((s) => s.operations), ...Object.keys(c.notInMoto ?? {})]));
    const simulated = simulatedOperations();
    expect(simulated.filter((op) => !covered.has(op)), 'simulated but in no scenario').toEqual([]);
    expect([...covered].filter((op) => !simulated.includes(op)), 'in a scenario but not simulated').toEqual([]);
    for (const c of CONTRACTS) for (const op of [...c.scenarios.flatMap((s) => s.operations), ...Object.keys(c.notInMoto ?? {})]) expect(op.split(':')[0], op).toBe(c.service);
  });
});

describe.skipIf(!motoAvailable())('the sandbox and moto agree', () => {
  const moto = useMoto();
  let sandbox: Backend;
  let emulator: Backend;
  const matched = new Set<string>();

  beforeAll(() => {
    sandbox = sandboxBackend();
    emulator = motoBackend(moto.current);
    for (const backend of [sandbox, emulator]) for (const c of CONTRACTS) void c.warmUp?.(backend.aws).catch(() => undefined);
  });
  afterAll(() => {
    sandbox?.destroy();
    emulator?.destroy();
  });

  for (const contract of CONTRACTS)
    describe(contract.service, () => {
      for (const scenario of contract.scenarios)
        it(scenario.name, async () => {
          const [a, b] = await Promise.all([observe(sandbox, scenario), observe(emulator, scenario)]);
          expect([...a.keys()], 'the same observations').toEqual([...b.keys()]);
          const unexpected: string[] = [];
          for (const [label, value] of a) {
            const key = `${contract.service} › ${scenario.name} › ${label}`;
            const same = JSON.stringify(value) === JSON.stringify(b.get(label));
            if (DIFFERENCES[key]) {
              matched.add(key);
              expect(same, `listed difference no longer differs: ${key}`).toBe(false);
            } else if (!same) unexpected.push(`${label}\n    sandbox: ${JSON.stringify(value)}\n    moto:    ${JSON.stringify(b.get(label))}`);
          }
          expect(unexpected, 'differences not listed in differences.ts').toEqual([]);
        });
    });

  it('lists no difference that no scenario observes', () => {
    expect(Object.keys(DIFFERENCES).filter((k) => !matched.has(k))).toEqual([]);
  });
});

describe('test/contract/README.md', () => {
  it('has a row for every listed difference', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    expect(Object.keys(DIFFERENCES).filter((key) => !readme.includes(key.split(' › ').at(-1)!))).toEqual([]);
  });
});
