import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteCertificateCommand, DescribeCertificateCommand, ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '../../../src/aws/sdk/acm.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { certificateKind, type CertificateInput } from '../../../src/steps/acm/certificate.js';
import { certificateUndo } from '../../../src/steps/acm/certificate-undo.js';
import { selfSignedCertificate } from '../../../src/steps/acm/self-signed.js';
import { awsError, mocks, resetMocks } from '../../helpers/mock-sdk.js';
import { stepContext } from '../../helpers/step-context.js';

const ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/6fc10c90-d550-4fd5-bb5c-c2416e31839a';
const input: CertificateInput = { commonName: 'qis.example.com', days: 365, name: 'qis-lb-certificate' };
const OURS = [{ Key: 'runbook:id', Value: 'test-runbook' }, { Key: 'runbook:run-id', Value: 'test-run-0001' }, { Key: 'Name', Value: 'qis-lb-certificate' }];
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

describe('a self-signed certificate made in memory', () => {
  it('is an X.509 certificate for the name, signed by its own RSA 2048 key, valid for the days asked', async () => {
    const made = await selfSignedCertificate('qis.example.com', 365);
    const x509 = new X509Certificate(made.certificatePem);
    expect(x509.subject).toBe('CN=qis.example.com');
    expect(x509.issuer).toBe('CN=qis.example.com');
    expect(x509.checkPrivateKey(createPrivateKey(made.privateKeyPem))).toBe(true);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(Math.round((Date.parse(x509.validTo) - Date.now()) / 86_400_000)).toBe(365);
    expect(x509.subjectAltName).toBe('DNS:qis.example.com');
  });
});

describe('acm.certificate', () => {
  beforeEach(resetMocks);

  it('is done, importing nothing, when its certificate with more than a day to live is in ACM', async () => {
    mocks.acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [{ CertificateArn: ARN }] });
    mocks.acm.on(ListTagsForCertificateCommand).resolves({ Tags: OURS });
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: ARN, Type: 'IMPORTED', DomainName: 'qis.example.com', Status: 'ISSUED', NotAfter: inDays(300) } });
    await expect(certificateKind.check(stepContext(), input)).resolves.toMatchObject({ done: true, outputs: { certificateArn: ARN, selfSigned: true } });
    expect(mocks.acm.commandCalls(ImportCertificateCommand)).toHaveLength(0);
  });

  it('imports a new one, tagged, when its own is about to expire; the private key is a secret and goes only to the file asked for, mode 0600', async () => {
    mocks.acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [{ CertificateArn: ARN }] });
    mocks.acm.on(ListTagsForCertificateCommand).resolves({ Tags: OURS });
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: ARN, Status: 'ISSUED', NotAfter: inDays(0.5) } });
    mocks.acm.on(ImportCertificateCommand).resolves({ CertificateArn: `${ARN.slice(0, -1)}b` });
    const ctx = stepContext();
    const keyFile = join(ctx.files.outputDir, 'keys', 'qis-lb.key');
    expect(await certificateKind.check(ctx, { ...input, keyFile })).toMatchObject({ done: false });
    const out = await certificateKind.apply!(ctx, { ...input, keyFile }, undefined);
    expect(out).toMatchObject({ certificateArn: `${ARN.slice(0, -1)}b`, selfSigned: true });
    const sent = mocks.acm.commandCalls(ImportCertificateCommand)[0]!.args[0].input;
    const key = Buffer.from(sent.PrivateKey!).toString();
    expect(ctx.secrets).toEqual([key]);
    expect(readFileSync(keyFile, 'utf8')).toBe(key);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(out)).not.toContain('PRIVATE KEY');
    expect(sent.Tags).toContainEqual({ Key: 'Name', Value: 'qis-lb-certificate' });
    expect(JSON.stringify(certificateKind.plan(input, undefined, ctx))).not.toContain('PRIVATE KEY');
  });

  it('keeps the key nowhere unless asked, and never overwrites a key file', async () => {
    mocks.acm.on(ImportCertificateCommand).resolves({ CertificateArn: ARN });
    const ctx = stepContext();
    await certificateKind.apply!(ctx, input, undefined);
    expect(existsSync(join(ctx.files.outputDir, 'qis-lb.key'))).toBe(false);
    const keyFile = join(ctx.files.outputDir, 'old.key');
    writeFileSync(keyFile, 'an older key');
    await expect(certificateKind.apply!(ctx, { ...input, keyFile }, undefined)).rejects.toThrow(`${keyFile} exists: a private key is written once and never overwritten; move it away or name another keyFile.`);
    expect(readFileSync(keyFile, 'utf8')).toBe('an older key');
  });

  it('checks a given certificate and never changes it; one not issued is a sentence', async () => {
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: ARN, Status: 'ISSUED', NotAfter: inDays(90) } });
    await expect(certificateKind.check(stepContext(), { ...input, certificateArn: ARN })).resolves.toMatchObject({ done: true, outputs: { certificateArn: ARN, selfSigned: false } });
    mocks.acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: ARN, Status: 'EXPIRED' } });
    await expect(certificateKind.check(stepContext(), { ...input, certificateArn: ARN })).rejects.toThrow(`Certificate ${ARN} is EXPIRED, not ISSUED.`);
  });

  it('fails with the AWS error when the import is refused', async () => {
    mocks.acm.on(ImportCertificateCommand).rejects(awsError('LimitExceededException', 'The certificate limit has been reached.'));
    await expect(certificateKind.apply!(stepContext(), input, undefined)).rejects.toThrow('The certificate limit has been reached.');
  });

  it('undo: deletes the certificate the run imported once no load balancer uses it; a given one is never found', async () => {
    const ctx = stepContext();
    mocks.acm.on(ListTagsForCertificateCommand).resolves({ Tags: OURS });
    const found = await certificateUndo.find(ctx, { input, outputs: { certificateArn: ARN }, status: 'changed' });
    expect(found).toEqual([{ type: 'acm:certificate', id: ARN, madeByRun: true }]);
    await expect(certificateUndo.find(ctx, { input: { ...input, certificateArn: ARN }, outputs: { certificateArn: ARN }, status: 'ok' })).resolves.toEqual([]);
    mocks.acm.on(DeleteCertificateCommand).rejectsOnce(awsError('ResourceInUseException', 'in use')).resolves({});
    await certificateUndo.remove(ctx, found[0]!, { snapshotFirst: false });
    expect(mocks.acm.commandCalls(DeleteCertificateCommand)).toHaveLength(2);
  });
});
