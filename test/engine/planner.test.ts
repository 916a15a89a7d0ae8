/** The planner with no mocks: a pure function of a definition and parameters. */
import { describe, expect, it } from 'vitest';
import { type StepKindSpec, defineStepKind } from '../../src/engine/model/step.js';
import { defineRunbook, type RunbookDefinition } from '../../src/engine/model/runbook.js';
import { param } from '../../src/engine/model/params.js';
import { definitionHash, instantiateSteps, orderSteps, planRun, stepCounts } from '../../src/engine/plan/planner.js';
import { derived, firstOf, resolveRefs } from '../../src/engine/model/refs.js';
import { UsageError } from '../../src/core/errors.js';
import redisSessions from '../../runbooks/redis-sessions/index.js';

const noop: StepKindSpec<Record<string, unknown>, { value: string }> = {
  kind: 'test.noop',
  mutating: false,
  check: async () => ({ done: true, outputs: { value: 'x' } }),
  plan: () => [],
};
const step = defineStepKind({ ...noop, title: (id) => id });

const graph = defineRunbook({
  id: 'graph',
  title: 'graph',
  summary: '',
  source: { file: 'f', procedure: 'p', steps: ['1', '2', '3', '4', '5'] },
  dir: '/tmp',
  params: { flag: param.boolean('a flag', { default: false }), name: param.name('a name', { optional: true }) },
  steps: (p) => {
    const a = step('a', { covers: '1', name: p.name });
    const c = step('c', { covers: '3', from: a.out.value });
    const b = step('b', { covers: '2', when: { describe: 'flag is true', test: (v) => v.flag === true } });
    const d = step('d', { covers: '4', input: b.out.value });
    const e = step('e', { covers: '5', after: [b, c] });
    return [c, a, b, d, e];
  },
});

describe('planner', () => {
  it('orders steps after the steps they read from, keeping declaration order otherwise', () => {
    expect(orderSteps(instantiateSteps(graph)).map((s) => s.id)).toEqual(['a', 'c', 'b', 'd', 'e']);
  });

  it('skips a step whose condition is false and every step that reads its outputs, but not steps merely after it', () => {
    const plan = planRun(graph, { flag: false });
    const byId = Object.fromEntries(plan.steps.map((s) => [s.step.id, s]));
    expect(byId.b?.skip).toMatch(/runs only when flag is true/);
    expect(byId.d?.skip).toMatch(/needs step b, which is skipped/);
    expect(byId.e?.skip).toBeUndefined();
    expect(byId.e?.deps).toEqual(['b', 'c']);
    expect(planRun(graph, { flag: true }).steps.every((s) => !s.skip)).toBe(true);
  });

  it('marks the steps before --from as check-only and refuses an unknown step', () => {
    const plan = planRun(graph, { flag: true }, { from: 'b' });
    expect(plan.steps.filter((s) => s.checkOnly).map((s) => s.step.id)).toEqual(['a', 'c']);
    expect(() => planRun(graph, {}, { from: 'nope' })).toThrow(UsageError);
  });

  it('refuses a cycle and a read from an undeclared step', () => {
    const cyclic = { ...graph, steps: () => {
      const x = step('x', { covers: '1', after: [] });
      const y = step('y', { covers: '2', v: x.out.value });
      return [{ ...x, after: ['y'] }, y];
    } };
    expect(() => orderSteps(instantiateSteps(cyclic as never))).toThrow(/cycle/);
    const dangling = { ...graph, steps: () => [step('z', { covers: '1', v: step('ghost', { covers: '2' }).out.value })] };
    expect(() => instantiateSteps(dangling as never)).toThrow(/reads step ghost/);
  });

  it('gives a stable definition hash that changes when a step changes', () => {
    const steps = instantiateSteps(graph);
    expect(definitionHash(graph, steps)).toBe(definitionHash(graph, instantiateSteps(graph)));
    const edited: RunbookDefinition = { ...graph, steps: (p, counts) => graph.steps(p, counts).filter((s) => s.id !== 'd') };
    expect(definitionHash(edited, instantiateSteps(edited))).not.toBe(definitionHash(graph, steps));
  });

  it('plans redis-sessions with its network first and the deploy steps skipped by default', () => {
    const plan = planRun(redisSessions, { rebootCheck: false, instanceType: 'm7i.large', volumeSizeGiB: 20, redisImage: 'redis:7.4.2' });
    const ids = plan.steps.map((s) => s.step.id);
    expect(ids.indexOf('launch-instance')).toBeGreaterThan(ids.indexOf('redis-security-group'));
    expect(ids.indexOf('redis-listening')).toBeGreaterThan(ids.indexOf('redis-unit'));
    expect(plan.steps.filter((s) => s.skip).map((s) => s.step.id)).toEqual(['reboot-check', 'deploy', 'deploy-manually', 'session-check']);
  });
});

const fleet = defineRunbook({
  id: 'fleet',
  title: 'fleet',
  summary: '',
  source: { file: 'f', procedure: 'p', steps: ['1', '2'] },
  dir: '/tmp',
  params: { members: param.count('how many', { max: 5, default: 2 }), name: param.name('a name', { default: 'n' }) },
  steps: (p, counts) => {
    const shared = step('shared', { covers: '1' });
    const members = Array.from({ length: counts.members }, (_, i) => step(`member-${i + 1}`, { covers: '2', name: derived(p.name, `name ${i + 1}`, (n: string) => `${n}-${i + 1}`), from: shared.out.value }));
    return [shared, ...members];
  },
});

describe('counts', () => {
  it('declares one group of steps per member: the default without values, the given count with them', () => {
    expect(instantiateSteps(fleet).map((s) => s.id)).toEqual(['shared', 'member-1', 'member-2']);
    expect(planRun(fleet, { members: 4, name: 'n' }).steps.map((s) => s.step.id)).toEqual(['shared', 'member-1', 'member-2', 'member-3', 'member-4']);
  });

  it('reads a count given as text, and falls back to the default for a value validation will refuse', () => {
    expect(stepCounts(fleet, { members: '3' })).toEqual({ members: 3 });
    expect(stepCounts(fleet, { members: 9 })).toEqual({ members: 2 });
    expect(stepCounts(fleet, { members: 'three' })).toEqual({ members: 2 });
  });

  it('gives another count another definition hash, so a resume cannot change the size of the fleet', () => {
    const hash = (members: number) => definitionHash(fleet, instantiateSteps(fleet, { members }));
    expect(hash(3)).toBe(hash(3));
    expect(hash(3)).not.toBe(hash(2));
  });
});

describe('refs', () => {
  it('computes a derived value once its ref is known, and shows what it stands for until then', () => {
    const input = { second: instantiateSteps(fleet)[2]!.input };
    const known = resolveRefs<{ second: { name: string } }>({ second: input.second }, () => ({ found: true, value: 'web' }));
    expect(known.value.second.name).toBe('web-2');
    const unknown = resolveRefs<{ second: { name: string } }>({ second: input.second }, () => ({ found: false }));
    expect(unknown.value.second.name).toBe('<name 2>');
    expect(unknown.unresolved.map((r) => r.key)).toEqual(['name', 'value']);
  });

  it('resolves values, marks unknown ones as <step.key> labels, and firstOf takes the first defined value', () => {
    const a = step('a', { covers: '1' });
    const input = { id: a.out.value, list: [a.out.value, 'plain'], pick: firstOf(undefined, 'fallback') };
    const known = resolveRefs(input, () => ({ found: true, value: 'v' }));
    expect(known).toEqual({ value: { id: 'v', list: ['v', 'plain'], pick: 'fallback' }, unresolved: [] });
    const unknown = resolveRefs<{ id: string }>(input, () => ({ found: false }));
    expect(unknown.value.id).toBe('<a.value>');
    expect(unknown.unresolved).toHaveLength(2);
  });
});
