import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionArgs, templateKind, type TemplateInput } from '../../../src/steps/cloudformation/template.js';
import { stepContext } from '../../helpers/step-context.js';

const RECOVERY = ['RecoveryCouchDBSnapshot', 'RecoveryKMSKey', 'RecoveryRDSSnapshotARN', 'RecoveryS3Bucket'];
const base = { mustDeclare: RECOVERY, kindOfTemplate: 'a recovery template', bastionAcknowledged: false, regionMapping: { map: 'RegionData', key: 'RegionBucket' } };

function template(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Parameters: Object.fromEntries([...RECOVERY, 'EC2KeyPair'].map((p) => [p, { Type: 'String' }])),
    Mappings: { RegionData: { 'us-east-1': { RegionBucket: 'openemr-cfn-useast1' } } },
    Resources: { S3Bucket: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' }, Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } },
    ...extra,
  };
}

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'template-'));
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('cloudformation.template', () => {
  it('reads a given file once, and reports its parameters, capabilities, what it keeps and its region mapping', async () => {
    const path = file('recovery.json', JSON.stringify(template()));
    const result = await templateKind.check(stepContext(), { ...base, file: path });
    expect(result).toMatchObject({
      done: true,
      outputs: { path, format: 'json', declared: [...RECOVERY, 'EC2KeyPair'], required: [...RECOVERY, 'EC2KeyPair'], capabilities: ['CAPABILITY_IAM'], kept: [{ logicalId: 'S3Bucket', policy: 'Retain' }], bastion: false, regionValue: 'openemr-cfn-useast1' },
    });
  });

  it('refuses a template that is not a recovery template, and one with a world-visible SSH bastion unless acknowledged', async () => {
    const plain = template();
    delete (plain.Parameters as Record<string, unknown>).RecoveryKMSKey;
    await expect(templateKind.check(stepContext(), { ...base, file: file('t.json', JSON.stringify(plain)) })).rejects.toThrow('is not a recovery template: it declares no RecoveryKMSKey.');
    const bastion = template({ Outputs: { DeveloperKeyhole: { Value: { 'Fn::GetAtt': ['DeveloperBastion', 'PublicIp'] } } } });
    (bastion.Resources as Record<string, unknown>).DeveloperBastion = { Type: 'AWS::EC2::Instance' };
    const path = file('t.json', JSON.stringify(bastion));
    await expect(templateKind.check(stepContext(), { ...base, file: path })).rejects.toThrow(/breaches HIPAA/);
    expect(await templateKind.check(stepContext(), { ...base, file: path, bastionAcknowledged: 'bastion-breaches-hipaa' })).toMatchObject({ done: true, outputs: { bastion: true } });
    await expect(templateKind.check(stepContext(), { ...base, file: file('t.yaml', 'Resources:\n  A: !Bogus x\n') })).rejects.toThrow(/YAML not well-formed/);
  });

  it('runs stack.py with the options asked for, writes OpenEMR-Recovery.json, and is done once it is there', async () => {
    expect(optionArgs({ '--recovery': true, '--dual-az': false, '--beanstalk-key': 'custom.zip', '--dev': undefined })).toEqual(['--recovery', '--beanstalk-key', 'custom.zip']);
    const script = file('stack.py', `import json, sys\nt = json.loads(${JSON.stringify(JSON.stringify(template()))})\nt['Description'] = ' '.join(sys.argv[1:])\nprint(json.dumps(t))\n`);
    const ctx = stepContext();
    const input: TemplateInput = { ...base, generate: { stackPy: script, python: 'python3', options: { '--recovery': true, '--beanstalk-key': 'custom.zip' } } };
    const first = await templateKind.check(ctx, input);
    expect(first).toMatchObject({ done: false, reason: expect.stringContaining('does not exist yet') });
    if (first.done) return;
    expect(templateKind.plan(input, first.found)).toEqual([{ service: 'local', operation: 'WriteFile', input: { path: 'OpenEMR-Recovery.json', from: 'python3 stack.py --recovery --beanstalk-key custom.zip' } }]);
    const outputs = await templateKind.apply!(ctx, input, first.found);
    expect(outputs.path).toBe(join(ctx.files.outputDir, 'OpenEMR-Recovery.json'));
    expect(JSON.parse(readFileSync(outputs.path, 'utf8')).Description).toBe('--recovery --beanstalk-key custom.zip');
    expect(await templateKind.check(ctx, input)).toMatchObject({ done: true });
  });

  it('says in one sentence that Python or troposphere is missing', async () => {
    const script = file('stack.py', 'import troposphere\n');
    await expect(templateKind.check(stepContext(), { ...base, generate: { stackPy: script, python: 'python3', options: {} } })).rejects.toThrow(/needs the troposphere library.*pip install -r requirements.txt/);
    await expect(templateKind.check(stepContext(), { ...base, generate: { stackPy: script, python: 'no-such-python', options: {} } })).rejects.toThrow(/no-such-python is not installed or not on PATH/);
  });
});
