import { ChangeResourceRecordSetsCommand, GetChangeCommand, GetHostedZoneCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '../../../src/aws/sdk/route53.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordKind, type RecordInput } from '../../../src/steps/route53/record.js';
import { HostedZoneError } from '../../../src/steps/route53/zone.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input: RecordInput = { zone: 'example.com', name: 'node-01.example.com', type: 'A', values: ['203.0.113.10'], ttl: 300 };
const zone = (id: string, privateZone = false) => ({ Id: `/hostedzone/${id}`, Name: 'example.com.', CallerReference: 'x', Config: { PrivateZone: privateZone } });
const set = (value: string, ttl = 300) => ({ Name: 'node-01.example.com.', Type: 'A' as const, TTL: ttl, ResourceRecords: [{ Value: value }] });

describe('route53.record', () => {
  beforeEach(() => {
    resetMocks();
    // A private zone of the same name is passed over for the public one.
    mocks.route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [zone('ZPRIVATE', true), zone('ZPUBLIC')] });
  });

  it('is done when the record has exactly these values and TTL, and sends no change', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [set('203.0.113.10')] });
    const result = await recordKind.check(stepContext(), input);
    expect(result).toEqual({ done: true, outputs: { zoneId: 'ZPUBLIC', zoneName: 'example.com.', name: 'node-01.example.com.' }, evidence: ['node-01.example.com. A 203.0.113.10 (TTL 300) in example.com. (ZPUBLIC)'] });
    expect(mocks.route53.commandCalls(ListResourceRecordSetsCommand)[0]!.args[0].input).toMatchObject({ HostedZoneId: 'ZPUBLIC', StartRecordName: 'node-01.example.com.', StartRecordType: 'A', MaxItems: 1 });
    expect(mocks.route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0);
  });

  it('upserts a missing or different record and waits until the change is INSYNC', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [set('198.51.100.7')] });
    mocks.route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C123', Status: 'PENDING', SubmittedAt: new Date() } });
    let polls = 0;
    mocks.route53.on(GetChangeCommand).callsFake(async () => ({ ChangeInfo: { Id: '/change/C123', Status: ++polls < 3 ? 'PENDING' : 'INSYNC', SubmittedAt: new Date() } }));
    const ctx = stepContext();

    const result = await recordKind.check(ctx, input);
    expect(result).toMatchObject({ done: false, reason: 'node-01.example.com. A is 198.51.100.7 (TTL 300), not 203.0.113.10 (TTL 300).' });
    if (result.done) return;
    const outputs = await recordKind.apply!(ctx, input, result.found);

    expect(outputs).toEqual({ zoneId: 'ZPUBLIC', zoneName: 'example.com.', name: 'node-01.example.com.', replaced: ['198.51.100.7'] });
    expect(mocks.route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input).toMatchObject({
      HostedZoneId: 'ZPUBLIC',
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'node-01.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '203.0.113.10' }] } }] },
    });
    expect(polls).toBe(3);
    expect(ctx.progressLines.some((l) => l.includes('PENDING'))).toBe(true);
  });

  it('takes a zone id, and refuses a record outside the zone before any change', async () => {
    mocks.route53.on(GetHostedZoneCommand).resolves({ HostedZone: zone('Z0ABC') });
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    await expect(recordKind.check(stepContext(), { ...input, zone: 'Z0ABC' })).resolves.toMatchObject({ done: false, reason: 'No A record node-01.example.com. in example.com. yet.' });
    await expect(recordKind.check(stepContext(), { ...input, name: 'node-01.example.org' })).rejects.toThrow(new HostedZoneError('node-01.example.org. is not inside the hosted zone example.com. (ZPUBLIC).'));
    expect(mocks.route53.commandCalls(ChangeResourceRecordSetsCommand)).toHaveLength(0);
  });

  it('says there is no such zone, and passes other AWS errors on', async () => {
    mocks.route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [] });
    await expect(recordKind.check(stepContext(), input)).rejects.toThrow('There is no hosted zone named example.com. in this account.');
    mocks.route53.on(GetHostedZoneCommand).rejects(awsError('NoSuchHostedZone', 'No hosted zone found with ID: Z0NOPE', 404));
    await expect(recordKind.check(stepContext(), { ...input, zone: 'Z0NOPE' })).rejects.toThrow('There is no hosted zone Z0NOPE in this account.');
    const invalid = awsError('InvalidChangeBatch', '[RRSet ... is not permitted]');
    mocks.route53.on(ChangeResourceRecordSetsCommand).rejects(invalid);
    await expect(recordKind.apply!(stepContext(), input, { zone: { id: 'ZPUBLIC', name: 'example.com.', privateZone: false } })).rejects.toBe(invalid);
  });
});
