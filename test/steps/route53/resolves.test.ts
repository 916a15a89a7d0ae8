import { TestDNSAnswerCommand } from '../../../src/aws/sdk/route53.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolvesKind } from '../../../src/steps/route53/resolves.js';
import { mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const input = { zoneId: 'ZPUBLIC', name: 'node-01.example.com.', type: 'A' as const, values: ['203.0.113.10'] };
const answer = (data: string[], code = 'NOERROR') => ({ Nameserver: 'ns-1.awsdns-01.com', RecordName: 'node-01.example.com.', RecordType: 'A' as const, RecordData: data, ResponseCode: code, Protocol: 'UDP' });

describe('route53.resolves', () => {
  beforeEach(resetMocks);

  it("holds when Route53's name servers answer exactly the address", async () => {
    mocks.route53.on(TestDNSAnswerCommand).resolves(answer(['203.0.113.10']));
    await expect(resolvesKind.check(stepContext(), input)).resolves.toEqual({ done: true, outputs: {}, evidence: ['ns-1.awsdns-01.com answers node-01.example.com. A: 203.0.113.10 (NOERROR)'] });
    expect(mocks.route53.commandCalls(TestDNSAnswerCommand)[0]!.args[0].input).toEqual({ HostedZoneId: 'ZPUBLIC', RecordName: 'node-01.example.com.', RecordType: 'A' });
  });

  it('fails with what Route53 answers otherwise', async () => {
    mocks.route53.on(TestDNSAnswerCommand).resolves(answer(['198.51.100.7']));
    await expect(resolvesKind.check(stepContext(), input)).resolves.toMatchObject({ done: false, reason: 'Route53 answers node-01.example.com. A with 198.51.100.7, not 203.0.113.10.' });
    mocks.route53.on(TestDNSAnswerCommand).resolves(answer([], 'NXDOMAIN'));
    await expect(resolvesKind.check(stepContext(), input)).resolves.toMatchObject({ done: false, reason: 'Route53 answers node-01.example.com. A with NXDOMAIN, not 203.0.113.10.' });
  });
});
