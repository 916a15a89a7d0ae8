/**
 * `acm.certificate`: the certificate an HTTPS listener names. Given an ARN,
 * it is checked (issued, not expired) and never changed. Otherwise a
 * temporary self-signed certificate is made in memory and imported, found
 * again by its tags while it has more than a day to live. Its private key is
 * a secret: never in state, logs or reports, written only to `keyFile`
 * (owner-only, never overwritten) when the operator asks for it.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeCertificateCommand, ImportCertificateCommand, ListTagsForCertificateCommand, paginateListCertificates, type CertificateDetail } from '../../aws/sdk/acm.js';
import type { StepContext, StepKind } from '../../engine/model/step.js';
import { ensurePrivateDir, writeFileAtomic } from '../../io/files.js';
import { TAG_RUNBOOK, plannedTags, tagValue } from '../../aws/tags.js';
import { collect } from '../paginate.js';
import { selfSignedCertificate } from './self-signed.js';

export interface CertificateInput {
  /** A certificate already in ACM, in the run's region. */
  certificateArn?: string;
  /** Otherwise: the self-signed certificate's common name, its life and its Name tag. */
  commonName: string;
  days: number;
  name: string;
  /** Where the self-signed certificate's private key is written (mode 0600); absent: the key is kept nowhere. */
  keyFile?: string;
}

export interface CertificateOutputs {
  certificateArn: string;
  notAfter: string;
  selfSigned: boolean;
}

const DAY_MS = 86_400_000;

export class CertificateError extends Error {
  override name = 'Certificate';
}

async function detail(ctx: StepContext, arn: string): Promise<CertificateDetail | undefined> {
  return (await ctx.aws.acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate;
}

function describeCert(c: CertificateDetail): string {
  return `${c.CertificateArn}: ${c.Type} ${c.DomainName}, ${c.Status}, valid until ${c.NotAfter?.toISOString()}`;
}

/** This runbook's imported certificate of that Name that has more than a day to live. */
async function findOwn(ctx: StepContext, name: string): Promise<CertificateDetail | undefined> {
  const summaries = await collect(paginateListCertificates({ client: ctx.aws.acm }, { CertificateStatuses: ['ISSUED'] }), (p) => p.CertificateSummaryList);
  for (const s of summaries) {
    if (!s.CertificateArn) continue;
    const tags = (await ctx.aws.acm.send(new ListTagsForCertificateCommand({ CertificateArn: s.CertificateArn }))).Tags ?? [];
    if (tagValue(tags, TAG_RUNBOOK) !== ctx.runbookId || tagValue(tags, 'Name') !== name) continue;
    const c = await detail(ctx, s.CertificateArn);
    if (c?.NotAfter && c.NotAfter.getTime() > ctx.clock.now() + DAY_MS) return c;
  }
  return undefined;
}

const kind: StepKind<CertificateInput, CertificateOutputs> = {
  async check(ctx, input) {
    if (input.certificateArn) {
      const c = await detail(ctx, input.certificateArn);
      if (!c || c.Status !== 'ISSUED') throw new CertificateError(`Certificate ${input.certificateArn} is ${c?.Status ?? 'missing'}, not ISSUED.`);
      return { done: true, outputs: { certificateArn: input.certificateArn, notAfter: c.NotAfter?.toISOString() ?? '', selfSigned: false }, evidence: [describeCert(c), 'given: not changed'] };
    }
    const own = await findOwn(ctx, input.name);
    if (!own) return { done: false, reason: `No self-signed certificate ${input.name} with more than a day to live in ACM.` };
    return { done: true, outputs: { certificateArn: own.CertificateArn!, notAfter: own.NotAfter!.toISOString(), selfSigned: true }, evidence: [describeCert(own)] };
  },
  plan: (input, _found, ctx) => [
    {
      service: 'acm',
      operation: 'ImportCertificate',
      input: { Certificate: `<self-signed certificate for ${input.commonName}, ${input.days} days>`, PrivateKey: '<made in memory, never shown>', Tags: plannedTags(ctx, input.name) },
      ...(input.keyFile ? { note: `the private key is written to ${input.keyFile} (mode 0600)` } : { note: 'the private key is kept nowhere' }),
    },
  ],
  async apply(ctx, input) {
    if (input.certificateArn) throw new CertificateError(`Certificate ${input.certificateArn} is given, never changed.`);
    if (input.keyFile && existsSync(input.keyFile)) throw new CertificateError(`${input.keyFile} exists: a private key is written once and never overwritten; move it away or name another keyFile.`);
    const made = await selfSignedCertificate(input.commonName, input.days, new Date(ctx.clock.now()));
    ctx.secret(made.privateKeyPem);
    // Written before the import, so a certificate in ACM never lacks the key the operator asked to keep.
    if (input.keyFile) {
      ensurePrivateDir(dirname(input.keyFile));
      writeFileAtomic(input.keyFile, made.privateKeyPem, 0o600);
    }
    const res = await ctx.aws.acm.send(
      new ImportCertificateCommand({ Certificate: Buffer.from(made.certificatePem), PrivateKey: Buffer.from(made.privateKeyPem), Tags: ctx.tags(input.name) }),
    );
    return { certificateArn: res.CertificateArn!, notAfter: made.notAfter.toISOString(), selfSigned: true };
  },
};

export { kind as certificateKind };
