/** route53.record's undo: only a record the run created is deleted, with the values Route53 holds. */
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand } from '../../../src/aws/sdk/route53.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordUndo } from '../../../src/steps/route53/record-undo.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const set = { Name: 'node-01.example.com.', Type: 'A' as const, TTL: 300, ResourceRecords: [{ Value: '198.51.100.7' }] };
const input = { type: 'A' as const, name: 'node-01.example.com', values: ['198.51.100.7'] };
const outputs = { zoneId: 'Z0EXAMPLE', zoneName: 'example.com.', name: 'node-01.example.com.' };

describe('route53.record undo', () => {
  beforeEach(resetMocks);

  it('deletes the record the run created and waits until INSYNC', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [set] });
    mocks.route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    mocks.route53.on(GetChangeCommand).resolvesOnce({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } }).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    const [found] = await recordUndo.find(stepContext(), { input, outputs: { ...outputs, replaced: [] }, status: 'changed' });
    expect(found).toMatchObject({ type: 'route53:record', id: 'node-01.example.com. A', madeByRun: true });

    await recordUndo.remove(stepContext(), found!, { snapshotFirst: false });

    expect(mocks.route53).toHaveReceivedCommandWith(ChangeResourceRecordSetsCommand, { HostedZoneId: 'Z0EXAMPLE', ChangeBatch: { Comment: 'runbook destroy of run test-run-0001', Changes: [{ Action: 'DELETE', ResourceRecordSet: set }] } });
    expect(mocks.route53.commandCalls(GetChangeCommand)).toHaveLength(2);
  });

  it('keeps a record that was there before, that the run replaced, or that changed since', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [set] });
    expect((await recordUndo.find(stepContext(), { input, outputs, status: 'ok' }))[0]).toMatchObject({ madeByRun: false, note: 'it was already as the runbook wants when the run checked it' });
    expect((await recordUndo.find(stepContext(), { input, outputs: { ...outputs, replaced: ['203.0.113.9'] }, status: 'changed' }))[0]).toMatchObject({ madeByRun: false });
    expect((await recordUndo.find(stepContext(), { input: { ...input, values: ['192.0.2.1'] }, outputs: { ...outputs, replaced: [] }, status: 'changed' }))[0]).toMatchObject({ madeByRun: false, note: 'it was changed since the run (now 198.51.100.7)' });
  });

  it('finds nothing once the record is gone, and passes AWS errors on', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    await expect(recordUndo.find(stepContext(), { input, outputs, status: 'changed' })).resolves.toEqual([]);
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [set] });
    mocks.route53.on(ChangeResourceRecordSetsCommand).rejects(awsError('AccessDenied', 'not authorized', 403));
    await expect(recordUndo.remove(stepContext(), { type: 'route53:record', id: 'x', madeByRun: true, details: { zoneId: 'Z0EXAMPLE', set } }, { snapshotFirst: false })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
