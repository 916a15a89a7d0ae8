import { describe, expect, it } from 'vitest';
import { timesCloseKind } from '../../../src/steps/checks/times-close.js';
import { stepContext } from '../../helpers/step-context.js';

const times = { rds: '2026-12-02T06:00:00Z', couchdb: '2026-12-02T07:30:00Z', efs: '2026-12-02T16:00:00Z' };

describe('checks.timesClose', () => {
  it('is done with the times when they are within the window', async () => {
    const result = await timesCloseKind.check(stepContext(), { times, windowHours: 12, strict: false, risk: 'drift' });
    expect(result).toMatchObject({ done: true, outputs: { spreadHours: 10, withinWindow: true } });
    expect(result.evidence![0]).toBe('2026-12-02T06:00:00.000Z  rds');
  });

  it('warns with the three times beyond it, or fails when strict', async () => {
    const ctx = stepContext();
    const warned = await timesCloseKind.check(ctx, { times, windowHours: 6, strict: false, risk: 'records and documents may disagree' });
    expect(warned).toMatchObject({ done: true, outputs: { withinWindow: false } });
    expect(warned.evidence!.at(-1)).toBe('WARNING: 10 h apart, more than the 6 h window: records and documents may disagree');
    expect(ctx.progressLines[0]).toMatch(/^Warning: 10 h apart/);
    expect(await timesCloseKind.check(ctx, { times, windowHours: 6, strict: true, risk: 'x' })).toMatchObject({ done: false, reason: '10 h apart, more than the 6 h window: x' });
    await expect(timesCloseKind.check(ctx, { times: { a: 'not a time' }, windowHours: 1, strict: true, risk: 'x' })).rejects.toThrow('No time for a');
  });
});
