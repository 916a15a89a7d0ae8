/**
 * The sandbox held to moto: every scenario of every service contract runs
 * against both, and what steps depend on must agree, or be a listed
 * difference (differences.ts, README.md). Every operation the sandbox
 * simulates is in a scenario, or listed as one moto does not implement.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, type RunnerTask, type RunnerTestSuite } from 'vitest';
import { simulatedOperations } from '../../src/sandbox/index.js';
import { motoAvailable, useMoto } from '../emulator/moto.js';
import { DIFFERENCES } from './differences.js';
import { motoBackend, observe, sandboxBackend, type Backend, type Observations, type Scenario } from './harness.js';
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

/** The names of the tests a run will run (`-t` skips the others), so that only their scenarios are started. */
function testsToRun(suite: Readonly<RunnerTestSuite>): Set<string> {
  const names = new Set<string>();
  const walk = (tasks: RunnerTask[]) => {
    for (const task of tasks) if (task.type === 'suite') walk(task.tasks);
    else if (task.mode === 'run') names.add(task.name);
  };
  walk(suite.tasks);
  return names;
}

describe.skipIf(!motoAvailable())('the sandbox and moto agree', () => {
  const moto = useMoto();
  let sandbox: Backend;
  let emulator: Backend;
  const matched = new Set<string>();
  const runs = new Map<Scenario, Promise<Observations[]>>();

  // vitest hands the suite as the second argument only, after a destructured context.
  // eslint-disable-next-line no-empty-pattern
  beforeAll(({}, suite) => {
    sandbox = sandboxBackend();
    emulator = motoBackend(moto.current);
    const wanted = testsToRun(suite);
    // A service's scenarios run one after another; services run side by side (every scenario
    // names what it makes uniquely), so the suite takes about as long as its longest service.
    for (const contract of CONTRACTS) {
      let previous: Promise<unknown> = Promise.resolve();
      for (const scenario of contract.scenarios.filter((s) => wanted.has(s.name))) {
        const run = previous.then(() => Promise.all([observe(sandbox, scenario), observe(emulator, scenario)]));
        runs.set(scenario, run);
        previous = run.catch(() => undefined);
      }
    }
  });
  afterAll(() => {
    sandbox?.destroy();
    emulator?.destroy();
  });

  for (const contract of CONTRACTS)
    describe(contract.service, () => {
      for (const scenario of contract.scenarios)
        it(scenario.name, async () => {
          const [a, b] = (await runs.get(scenario)!) as [Observations, Observations];
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
