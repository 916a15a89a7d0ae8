/**
 * `route53.resolves`: Route53's own name servers answer the record with
 * exactly these values (TestDNSAnswer). Read-only: it proves what the zone
 * serves, not that the domain is delegated to the zone or what a resolver
 * has cached.
 */
import { TestDNSAnswerCommand, type RRType } from '../../aws/sdk/route53.js';
import { type StepKind } from '../../engine/model/step.js';

export interface ResolvesInput {
  zoneId: string;
  name: string;
  type: 'A' | 'AAAA' | 'CNAME' | 'TXT';
  values: string[];
}

export type ResolvesOutputs = Record<string, never>;

const kind: StepKind<ResolvesInput, ResolvesOutputs> = {
  async check(ctx, input) {
    const answer = await ctx.aws.route53.send(new TestDNSAnswerCommand({ HostedZoneId: input.zoneId, RecordName: input.name, RecordType: input.type as RRType }));
    const data = answer.RecordData ?? [];
    const evidence = [`${answer.Nameserver} answers ${answer.RecordName} ${answer.RecordType}: ${data.join(', ') || '(nothing)'} (${answer.ResponseCode})`];
    const expected = [...input.values].sort().join(', ');
    if (answer.ResponseCode === 'NOERROR' && [...data].sort().join(', ') === expected) return { done: true, outputs: {}, evidence };
    return { done: false, reason: `Route53 answers ${input.name} ${input.type} with ${data.join(', ') || answer.ResponseCode}, not ${expected}.`, evidence };
  },
  plan: () => [],
};

export { kind as resolvesKind };
