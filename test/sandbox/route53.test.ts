import { ChangeResourceRecordSetsCommand, GetChangeCommand, GetHostedZoneCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, TestDNSAnswerCommand } from '../../src/aws/sdk/route53.js';
import { describe, expect, it } from 'vitest';
import { newSandbox, simulatedWait } from './helpers.js';

const upsert = (name: string, value: string, action: 'UPSERT' | 'CREATE' = 'UPSERT') => ({
  HostedZoneId: 'Z0SANDBOX0EXAMPLE0COM',
  ChangeBatch: { Changes: [{ Action: action, ResourceRecordSet: { Name: name, Type: 'A' as const, TTL: 300, ResourceRecords: [{ Value: value }] } }] },
});

describe('sandbox Route53', () => {
  it('holds one public zone, example.com, found by name and by id', async () => {
    const { aws } = newSandbox();
    const byName = await aws.route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com' }));
    expect(byName.HostedZones?.map((z) => [z.Id, z.Name, z.Config?.PrivateZone])).toEqual([['/hostedzone/Z0SANDBOX0EXAMPLE0COM', 'example.com.', false]]);
    const byId = await aws.route53.send(new GetHostedZoneCommand({ Id: 'Z0SANDBOX0EXAMPLE0COM' }));
    expect(byId.DelegationSet?.NameServers).toHaveLength(4);
    await expect(aws.route53.send(new GetHostedZoneCommand({ Id: 'Z0NOPE' }))).rejects.toMatchObject({ name: 'NoSuchHostedZone' });
  });

  it('applies an UPSERT at once, reports the change PENDING then INSYNC, and answers it in TestDNSAnswer', async () => {
    const { aws } = newSandbox();
    const change = await aws.route53.send(new ChangeResourceRecordSetsCommand(upsert('Node-01.example.com', '203.0.113.10')));
    expect(change.ChangeInfo?.Status).toBe('PENDING');
    expect((await aws.route53.send(new GetChangeCommand({ Id: change.ChangeInfo!.Id }))).ChangeInfo?.Status).toBe('PENDING');
    await simulatedWait(6);
    expect((await aws.route53.send(new GetChangeCommand({ Id: change.ChangeInfo!.Id }))).ChangeInfo?.Status).toBe('INSYNC');

    const list = await aws.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z0SANDBOX0EXAMPLE0COM', StartRecordName: 'node-01.example.com', StartRecordType: 'A', MaxItems: 1 }));
    expect(list.ResourceRecordSets).toEqual([{ Name: 'node-01.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '203.0.113.10' }] }]);
    const answer = await aws.route53.send(new TestDNSAnswerCommand({ HostedZoneId: 'Z0SANDBOX0EXAMPLE0COM', RecordName: 'node-01.example.com', RecordType: 'A' }));
    expect(answer).toMatchObject({ RecordData: ['203.0.113.10'], ResponseCode: 'NOERROR' });
    const missing = await aws.route53.send(new TestDNSAnswerCommand({ HostedZoneId: 'Z0SANDBOX0EXAMPLE0COM', RecordName: 'node-02.example.com', RecordType: 'A' }));
    expect(missing).toMatchObject({ RecordData: [], ResponseCode: 'NXDOMAIN' });

    // UPSERT again is idempotent; CREATE of an existing record is refused.
    await aws.route53.send(new ChangeResourceRecordSetsCommand(upsert('node-01.example.com.', '203.0.113.10')));
    await expect(aws.route53.send(new ChangeResourceRecordSetsCommand(upsert('node-01.example.com', '203.0.113.10', 'CREATE')))).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
  });

  it('refuses a record outside the zone and a bad address, leaving the zone unchanged', async () => {
    const { aws, sandbox } = newSandbox();
    await expect(aws.route53.send(new ChangeResourceRecordSetsCommand(upsert('node-01.example.org', '203.0.113.10')))).rejects.toThrow(/is not permitted in zone example.com./);
    await expect(aws.route53.send(new ChangeResourceRecordSetsCommand(upsert('node-01.example.com', '300.1.1.1')))).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
    expect(Object.keys(sandbox.snapshot().route53?.zones['Z0SANDBOX0EXAMPLE0COM']?.records ?? {})).toEqual(['example.com.|NS', 'example.com.|SOA']);
  });
});
