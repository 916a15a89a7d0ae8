/**
 * Destroying what `route53.record` made: a record the run created is
 * deleted, with the exact values Route53 holds (a DELETE must match them).
 * A record that was there before (the run replaced its values, or found it
 * right) or that someone changed since is left as it is.
 */
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type ResourceRecordSet, type RRType } from '../../aws/sdk/route53.js';
import type { MadeResource, StepContext, Undo } from '../../engine/model/step.js';
import { hasErrorName } from '../../aws/errors.js';
import { waitForChange, type RecordInput, type RecordOutputs } from './record.js';
import { fqdn } from './zone.js';

async function recordSet(ctx: StepContext, zoneId: string, name: string, type: string): Promise<ResourceRecordSet | undefined> {
  const res = await ctx.aws.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, StartRecordName: name, StartRecordType: type as RRType, MaxItems: 1 }));
  const set = res.ResourceRecordSets?.[0];
  return set && fqdn(set.Name ?? '') === fqdn(name) && set.Type === type ? set : undefined;
}

const values = (set: ResourceRecordSet) => (set.ResourceRecords ?? []).map((r) => r.Value ?? '').sort();

export const recordUndo: Undo<RecordInput, RecordOutputs> = {
  async find(ctx, { input, outputs, status }) {
    if (!outputs.zoneId || !input.type) return [];
    const name = outputs.name ?? fqdn(input.name ?? '');
    const set = await recordSet(ctx, outputs.zoneId, name, input.type);
    if (!set) return [];
    const id = `${name} ${input.type}`;
    const keep = (note: string): MadeResource[] => [{ type: 'route53:record', id, madeByRun: false, note }];
    if (status !== 'changed') return keep('it was already as the runbook wants when the run checked it');
    if (outputs.replaced?.length) return keep(`the run replaced its values (${outputs.replaced.join(', ')}); it is left as the run made it`);
    if ((input.values ?? []).length && values(set).join(',') !== [...(input.values ?? [])].sort().join(','))
      return keep(`it was changed since the run (now ${values(set).join(', ')})`);
    return [{ type: 'route53:record', id, madeByRun: true, note: values(set).join(', '), details: { zoneId: outputs.zoneId, set } }];
  },
  plan: (resource) => [
    { service: 'route53', operation: 'ChangeResourceRecordSets', input: { HostedZoneId: resource.details?.zoneId, ChangeBatch: { Changes: [{ Action: 'DELETE', ResourceRecordSet: resource.details?.set }] } }, note: 'then waits until the change is INSYNC' },
  ],
  async remove(ctx, resource) {
    const zoneId = String(resource.details?.zoneId);
    const set = resource.details?.set as ResourceRecordSet;
    if (!(await recordSet(ctx, zoneId, set.Name!, set.Type!))) return;
    let changeId: string | undefined;
    try {
      changeId = (await ctx.aws.route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Comment: `runbook destroy of run ${ctx.runId}`, Changes: [{ Action: 'DELETE', ResourceRecordSet: set }] } })))
        .ChangeInfo?.Id;
    } catch (err) {
      // Gone between the read and the delete: nothing left to do.
      if (hasErrorName(err, 'InvalidChangeBatch') && /not found/i.test((err as Error).message)) return;
      throw err;
    }
    if (!changeId) return;
    await waitForChange(ctx, changeId);
  },
};
