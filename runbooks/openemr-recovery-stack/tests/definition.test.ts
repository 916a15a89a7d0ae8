/** The runbook's documentation, source map, parameters and shipped template agree with its definition. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import recovery from '../index.js';
import { keptOnDelete, parseTemplate, requiredCapabilities } from '../../../src/aws/cloudformation-template.js';
import { resolveParams } from '../../../src/engine/model/params.js';
import { uncoveredSourceSteps } from '../../../src/engine/model/source-map.js';
import { instantiateSteps } from '../../../src/engine/plan/planner.js';
import { sourceMapMarkdown } from '../../../src/report/runbook-views.js';
import { isAccountSeed } from '../../../src/sandbox/account/fixtures.js';
import { buildsBastion } from '../../../src/steps/cloudformation/template.js';

const rehearsal = recovery.rehearsal!.params;

describe('openemr-recovery-stack definition', () => {
  it('maps every instruction of the source (options, pre-checks, steps 1-3, reconfigure 1-3) to a step or a decision', () => {
    expect(recovery.source.steps).toHaveLength(25);
    expect(uncoveredSourceSteps(recovery, instantiateSteps(recovery))).toEqual([]);
  });

  it('has a README whose source-step table is exactly what `runbook show --format markdown` prints, and the CI command', () => {
    const readme = readFileSync(join(recovery.dir, 'README.md'), 'utf8');
    expect(readme).toContain(sourceMapMarkdown(recovery));
    expect(readme).toMatch(/--non-interactive[\s\S]*--param teardown=true[\s\S]*--ack no-patient-email --ack data-check --ack front-end-ssl[\s\S]*--report junit=/);
  });

  it('refuses inconsistent inputs before any AWS call', () => {
    const v = (extra: Record<string, unknown>) => recovery.validate!({ ...rehearsal, ...extra });
    expect(v({})).toBeUndefined();
    expect(v({ stackPy: 'stack.py' })).toMatch(/one of them, not both/);
    const { templateFile: _file, ...noTemplate } = rehearsal;
    expect(resolveParams(recovery.params, noTemplate).missing).toEqual(['templateFile']);
    expect(v({ dev: true })).toMatch(/options of stack.py/);
    expect(v({ recoveryKMSKey: 'arn:aws:kms:eu-west-1:123456789012:key/6fc10c90-d550-4fd5-bb5c-c2416e31839a' })).toMatch(/of one region \(got eu-west-1 and us-east-1\)/);
    expect(v({ targetKMSKey: 'arn:aws:kms:us-east-1:123456789012:key/6fc10c90-d550-4fd5-bb5c-c2416e31839a' })).toMatch(/^Parameter targetKMSKey/);
    expect(v({ dnsZone: 'example.com', dnsName: 'emr.example.com' })).toMatch(/^Parameter dnsName: a drill deletes its stack/);
    expect(v({ longTermRecovery: true })).toMatch(/choose one/);
    expect(() => resolveParams(recovery.params, { ...rehearsal, recoveryRDSSnapshotARN: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:x' })).toThrow(/^Parameter recoveryRDSSnapshotARN: expected an RDS DB snapshot ARN/);
    expect(() => resolveParams(recovery.params, { ...rehearsal, recoveryS3Bucket: 'Not_A_Bucket' })).toThrow(/^Parameter recoveryS3Bucket/);
    expect(() => resolveParams(recovery.params, { ...rehearsal, recoveryCouchDBSnapshot: 'vol-0ebb4f155ff27040c' })).toThrow(/^Parameter recoveryCouchDBSnapshot: expected an id such as snap-/);
  });

  it('makes the HIPAA acknowledgement a required parameter only when the bastion is asked for, and only the typed phrase', () => {
    const { templateFile: _file, ...others } = rehearsal;
    const base = { ...others, stackPy: 'stack.py' };
    expect(resolveParams(recovery.params, base).missing).toEqual([]);
    expect(resolveParams(recovery.params, { ...base, forceBastion: 'true' }).missing).toEqual(['hipaaBreachAcknowledged']);
    expect(() => resolveParams(recovery.params, { ...base, dev: true, hipaaBreachAcknowledged: 'yes' })).toThrow(/expected one of bastion-breaches-hipaa/);
    expect(resolveParams(recovery.params, { ...base, dev: true, hipaaBreachAcknowledged: 'bastion-breaches-hipaa' }).missing).toEqual([]);
  });

  it('ships a recovery template for the sandbox: the four Recovery* parameters, IAM, what it keeps, no bastion', () => {
    const t = parseTemplate(readFileSync(String(rehearsal.templateFile), 'utf8'));
    expect(Object.keys(t.parameters)).toEqual(expect.arrayContaining(['RecoveryCouchDBSnapshot', 'RecoveryKMSKey', 'RecoveryRDSSnapshotARN', 'RecoveryS3Bucket', 'EC2KeyPair']));
    expect(requiredCapabilities(t).capabilities).toEqual(['CAPABILITY_IAM']);
    expect(keptOnDelete(t).map((k) => `${k.logicalId}:${k.policy}`)).toEqual(['S3Bucket:Retain', 'ElasticFileSystem:Retain', 'CouchDBVolume:Snapshot', 'RDSInstance:Snapshot']);
    expect(buildsBastion(t)).toBe(false);
    expect(t.mappings.RegionData?.['us-east-1']?.RegionBucket).toBe('openemr-cfn-useast1');
  });

  it('declares the seed its rehearsal needs', async () => {
    expect(isAccountSeed((await recovery.rehearsal!.seed!()).default)).toBe(true);
  });
});
