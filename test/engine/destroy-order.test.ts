/** The destroy's order, with no AWS and no mocks: the run's order reversed, side by side where nothing depends. */
import { describe, expect, it } from 'vitest';
import { removalPrerequisites, removeInReverse } from '../../src/engine/destroy/order.js';

// A node as lamp-swarm-node makes it: the instance needs the group and the profile; volume and address need the instance; the record needs the address.
const deps = new Map<string, string[]>([
  ['profile', []],
  ['group', []],
  ['instance', ['profile', 'group']],
  ['volume', ['instance']],
  ['address', ['instance']],
  ['record', ['address']],
]);

describe('removalPrerequisites', () => {
  it('makes each step wait for the steps that depend on it', () => {
    expect(Object.fromEntries(removalPrerequisites(deps))).toEqual({ profile: ['instance'], group: ['instance'], instance: ['volume', 'address'], volume: [], address: ['record'], record: [] });
  });
});

describe('removeInReverse', () => {
  it('removes dependents first, and independent steps side by side', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let most = 0;
    await removeInReverse(
      deps,
      async (id) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        events.push(`start ${id}`);
        await new Promise((r) => setTimeout(r, 5));
        events.push(`end ${id}`);
        inFlight -= 1;
        return true;
      },
      (ok) => ok,
      () => false,
    );
    const at = (e: string) => events.indexOf(e);
    expect(at('end record')).toBeLessThan(at('start address'));
    expect(at('end address')).toBeLessThan(at('start instance'));
    expect(at('end volume')).toBeLessThan(at('start instance'));
    expect(at('end instance')).toBeLessThan(at('start group'));
    expect(at('end instance')).toBeLessThan(at('start profile'));
    // record and volume have nothing after them, group and profile go together.
    expect(most).toBeGreaterThanOrEqual(2);
  });

  it('does not attempt what a failed removal may still depend on, and goes on elsewhere', async () => {
    const removed: string[] = [];
    const results = await removeInReverse(
      deps,
      async (id) => {
        if (id === 'address') return false;
        removed.push(id);
        return true;
      },
      (ok) => ok,
      (id, by) => {
        removed.push(`blocked ${id} by ${by}`);
        return false;
      },
    );
    expect(removed).toContain('record');
    expect(removed).toContain('volume');
    expect(removed).toContain('blocked instance by address');
    expect(removed.filter((r) => r.startsWith('blocked group') || r.startsWith('blocked profile')).sort()).toEqual(['blocked group by instance', 'blocked profile by instance']);
    expect(results.get('group')).toBe(false);
  });

  it('holds to a concurrency of one', async () => {
    let inFlight = 0;
    let most = 0;
    await removeInReverse(
      deps,
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 2));
        inFlight -= 1;
        return true;
      },
      (ok) => ok,
      () => false,
      1,
    );
    expect(most).toBe(1);
  });
});
