import { CreateKeyPairCommand, DescribeKeyPairsCommand } from '../../../src/aws/sdk/ec2.js';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { fingerprintsOf } from '../../../src/steps/ec2/key-fingerprint.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyPairError, keyPairKind } from '../../../src/steps/ec2/key-pair.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const MATERIAL = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-secret-body\n-----END OPENSSH PRIVATE KEY-----';
/** A real key, for the checks that read the file's fingerprint. */
const REAL = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const REAL_FINGERPRINT = fingerprintsOf(REAL)[0]!;
const input = { keyName: 'lamp-node' };

describe('ec2.keyPair', () => {
  beforeEach(resetMocks);

  it('creates the key pair and writes its private key once, mode 0600, registered as a secret and never an output', async () => {
    mocks.ec2.on(DescribeKeyPairsCommand).rejects(awsError('InvalidKeyPair.NotFound', "The key pair 'lamp-node' does not exist"));
    mocks.ec2.on(CreateKeyPairCommand).resolves({ KeyName: 'lamp-node', KeyPairId: 'key-0abc', KeyMaterial: MATERIAL });
    const ctx = stepContext();

    const result = await keyPairKind.check(ctx, input);
    expect(result).toEqual({ done: false, reason: 'No key pair lamp-node yet.' });
    const outputs = await keyPairKind.apply!(ctx, input, undefined);

    const file = join(ctx.files.outputDir, 'lamp-node.pem');
    expect(outputs).toEqual({ keyName: 'lamp-node', keyPairId: 'key-0abc', privateKeyFile: file });
    expect(JSON.stringify(outputs)).not.toContain('secret-body');
    expect(readFileSync(file, 'utf8')).toBe(`${MATERIAL}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ctx.secrets).toEqual([MATERIAL]);
    expect(mocks.ec2.commandCalls(CreateKeyPairCommand)[0]!.args[0].input).toMatchObject({ KeyName: 'lamp-node', KeyType: 'ed25519', KeyFormat: 'pem' });
  });

  it('is done, sending nothing, when the key pair exists and its file is here', async () => {
    const ctx = stepContext();
    writeFileSync(join(ctx.files.outputDir, 'lamp-node.pem'), REAL, { mode: 0o600 });
    mocks.ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'lamp-node', KeyPairId: 'key-0abc', KeyType: 'ed25519', KeyFingerprint: `${REAL_FINGERPRINT}=`, Tags: [{ Key: 'runbook:id', Value: 'test-runbook' }] }] });
    await expect(keyPairKind.check(ctx, input)).resolves.toMatchObject({ done: true, outputs: { privateKeyFile: join(ctx.files.outputDir, 'lamp-node.pem') } });
    expect(mocks.ec2.commandCalls(CreateKeyPairCommand)).toHaveLength(0);
  });

  it('refuses a local file that holds another key than the key pair of that name', async () => {
    const ctx = stepContext();
    const file = join(ctx.files.outputDir, 'lamp-node.pem');
    writeFileSync(file, REAL, { mode: 0o600 });
    mocks.ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'lamp-node', KeyPairId: 'key-0abc', KeyType: 'ed25519', KeyFingerprint: 'SHA256:someOtherKeysFingerprintXXXXXXXXXXXXXXXXXXX' }] });
    await expect(keyPairKind.check(ctx, input)).rejects.toThrow(`${file} does not hold the private key of key pair lamp-node (fingerprint SHA256:someOtherKeysFingerprintXXXXXXXXXXXXXXXXXXX): it belongs to another key; move it away, or choose another keyName.`);
  });

  it('uses a key pair made elsewhere as it is', async () => {
    mocks.ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'lamp-node', KeyPairId: 'key-0abc' }] });
    await expect(keyPairKind.check(stepContext(), input)).resolves.toMatchObject({ done: true, outputs: { privateKeyFile: '' }, evidence: [expect.stringContaining('its private key is not on this machine')] });
  });

  it('never overwrites a private key file, and says a key this runbook made has lost its file', async () => {
    const ctx = stepContext();
    const file = join(ctx.files.outputDir, 'lamp-node.pem');
    writeFileSync(file, 'an older key');
    mocks.ec2.on(DescribeKeyPairsCommand).rejects(awsError('InvalidKeyPair.NotFound'));
    await expect(keyPairKind.check(ctx, input)).rejects.toThrow(KeyPairError);
    expect(readFileSync(file, 'utf8')).toBe('an older key');

    mocks.ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'lamp-node', Tags: [{ Key: 'runbook:id', Value: 'test-runbook' }] }] });
    const fresh = stepContext();
    await expect(keyPairKind.check(fresh, input)).rejects.toThrow(/its private key .* is missing, and AWS shows a private key only once: delete the key pair/);
    expect(existsSync(join(fresh.files.outputDir, 'lamp-node.pem'))).toBe(false);
  });

  it('passes AWS errors on and writes no file', async () => {
    const ctx = stepContext();
    const duplicate = awsError('InvalidKeyPair.Duplicate', 'The keypair already exists');
    mocks.ec2.on(CreateKeyPairCommand).rejects(duplicate);
    await expect(keyPairKind.apply!(ctx, input, undefined)).rejects.toBe(duplicate);
    expect(existsSync(join(ctx.files.outputDir, 'lamp-node.pem'))).toBe(false);
  });
});
