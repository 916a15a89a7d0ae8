/** The rehearsal of office-access in a fresh sandbox: `npx tsx --test office-access.test.ts`. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rehearse } from 'runbook/testing';
import runbook from './index.js';

test('the group is made once, the manual steps are acknowledged', async () => {
  const first = await rehearse(runbook);
  assert.equal(first.report.status, 'succeeded', first.message);
  assert.deepEqual(
    first.report.steps.map((s) => [s.id, s.status]),
    [
      ['network', 'ok'],
      ['office-access-group', 'changed'],
      ['step-3', 'changed'],
      ['step-4', 'changed'],
    ],
  );
  // Run again in the same account: nothing changes.
  const second = await rehearse(runbook, { stateDir: first.stateDir });
  assert.equal(second.report.summary.mutatingCallsSent, 0);
});
