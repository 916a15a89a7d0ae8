import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListHostedZonesByNameCommand, ListResourceRecordSetsCommand } from '../../../src/aws/sdk/route53.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordKind, type RecordInput } from '../../../src/steps/route53/record.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const alias = { dnsName: 'aquamark-123.us-east-1.elb.amazonaws.com', hostedZoneId: 'Z35SXDOTRQ7X7K' };
const input: RecordInput = { zone: 'example.com', name: 'aquamark.example.com', type: 'A', alias };
const aliasSet = (dnsName: string) => ({ Name: 'aquamark.example.com.', Type: 'A' as const, AliasTarget: { DNSName: dnsName, HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true } });

describe('route53.record as an alias', () => {
  beforeEach(() => {
    resetMocks();
    mocks.route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [{ Id: '/hostedzone/ZPUBLIC', Name: 'example.com.', CallerReference: 'x', Config: { PrivateZone: false } }] });
  });

  it('is done when the alias points at the load balancer (Route53 answers the name with a dot)', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [aliasSet('aquamark-123.us-east-1.elb.amazonaws.com.')] });
    expect(await recordKind.check(stepContext(), input)).toMatchObject({ done: true, outputs: { zoneId: 'ZPUBLIC', name: 'aquamark.example.com.' } });
  });

  it('upserts the alias, without TTL or values, when it points elsewhere', async () => {
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [aliasSet('old-1.us-east-1.elb.amazonaws.com.')] });
    mocks.route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } });
    mocks.route53.on(GetChangeCommand).resolves({ ChangeInfo: { Id: '/change/C1', Status: 'INSYNC', SubmittedAt: new Date() } });
    const ctx = stepContext();
    const result = await recordKind.check(ctx, input);
    if (result.done) throw new Error('expected not done');
    await recordKind.apply!(ctx, input, result.found);
    const sent = mocks.route53.commandCalls(ChangeResourceRecordSetsCommand)[0]!.args[0].input.ChangeBatch!.Changes![0]!.ResourceRecordSet!;
    expect(sent).toEqual({ Name: 'aquamark.example.com.', Type: 'A', AliasTarget: { DNSName: 'aquamark-123.us-east-1.elb.amazonaws.com.', HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true } });
  });

  it('refuses values and an alias together, and lets AWS errors through by name', async () => {
    await expect(recordKind.check(stepContext(), { ...input, values: ['203.0.113.1'], ttl: 60 })).rejects.toThrow(/values or an alias, not both/);
    mocks.route53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [] });
    mocks.route53.on(ChangeResourceRecordSetsCommand).rejects(awsError('InvalidChangeBatch', 'Tried to create an alias that targets a nonexistent resource'));
    await expect(recordKind.apply!(stepContext(), input, undefined)).rejects.toMatchObject({ name: 'InvalidChangeBatch' });
  });
});
