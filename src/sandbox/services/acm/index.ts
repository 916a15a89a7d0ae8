/**
 * ACM, for imported certificates: ImportCertificate reads the certificate
 * (subject, issuer, validity, key) and checks that the private key is its
 * own, then forgets the key; a certificate a classic load balancer's
 * listener names is in use and cannot be deleted.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type {
  CertificateDetail,
  DeleteCertificateRequest,
  DescribeCertificateRequest,
  ImportCertificateRequest,
  ListCertificatesRequest,
  ListTagsForCertificateRequest,
} from '@aws-sdk/client-acm';
import { inputOf, type OperationContext, type ServiceHandlers } from '../lib/context.js';
import { awsError } from '../lib/errors.js';
import { tagsFrom } from '../lib/filters.js';
import { uuid } from '../../account/ids.js';
import type { Certificate } from '../../account/state.js';

const all = (ctx: OperationContext) => (ctx.region.certificates ??= {});

const missing = (arn: string) => awsError('ResourceNotFoundException', `Could not find certificate ${arn}.`);

/** The certificate an ARN names in this region, or the error `orElse` makes. */
export function findCertificate(ctx: OperationContext, arn: string | undefined, orElse = missing): Certificate {
  const cert = all(ctx)[arn ?? ''];
  if (!cert || !ctx.visible(cert.createdAt)) throw orElse(arn ?? '');
  return cert;
}

function text(blob: Uint8Array | string | undefined): string {
  return typeof blob === 'string' ? blob : Buffer.from(blob ?? new Uint8Array()).toString('utf8');
}

/** What ACM reads from a PEM certificate and its key; the key is only checked, never kept. */
function parse(certificate: string, privateKey: string): Omit<Certificate, 'CertificateArn' | 'Tags' | 'createdAt'> {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certificate);
  } catch {
    throw awsError('ValidationException', 'The certificate field contains more than one certificate or is not a PEM certificate.');
  }
  let matches = false;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(privateKey));
  } catch {
    throw awsError('ValidationException', 'The private key is not supported or is not a PEM key.');
  }
  if (!matches) throw awsError('ValidationException', 'The private key does not match the public key in the certificate.');
  const key = x509.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  return {
    DomainName: /CN=([^\n,]+)/.exec(x509.subject)?.[1] ?? '',
    Subject: x509.subject.split('\n').join(','),
    Issuer: /CN=([^\n,]+)/.exec(x509.issuer)?.[1] ?? x509.issuer,
    Serial: x509.serialNumber.toLowerCase().match(/.{1,2}/g)!.join(':'),
    NotBefore: Date.parse(x509.validFrom),
    NotAfter: Date.parse(x509.validTo),
    KeyAlgorithm: key.asymmetricKeyType === 'rsa' ? `RSA_${bits}` : 'EC_prime256v1',
  };
}

function inUseBy(ctx: OperationContext, arn: string): string[] {
  return Object.values(ctx.region.classicLoadBalancers ?? {})
    .filter((lb) => lb.Listeners.some((l) => l.SSLCertificateId === arn))
    .map((lb) => `arn:aws:elasticloadbalancing:${ctx.regionName}:${ctx.account.accountId}:loadbalancer/${lb.LoadBalancerName}`);
}

function status(ctx: OperationContext, c: Certificate): 'ISSUED' | 'EXPIRED' {
  return c.NotAfter <= ctx.now ? 'EXPIRED' : 'ISSUED';
}

function detail(ctx: OperationContext, c: Certificate): CertificateDetail {
  return {
    CertificateArn: c.CertificateArn,
    DomainName: c.DomainName,
    SubjectAlternativeNames: [c.DomainName],
    Subject: c.Subject,
    Issuer: c.Issuer,
    Serial: c.Serial,
    NotBefore: new Date(c.NotBefore),
    NotAfter: new Date(c.NotAfter),
    ImportedAt: new Date(c.createdAt),
    KeyAlgorithm: c.KeyAlgorithm as CertificateDetail['KeyAlgorithm'],
    Status: status(ctx, c),
    Type: 'IMPORTED',
    InUseBy: inUseBy(ctx, c.CertificateArn),
  };
}

export const acm: ServiceHandlers = {
  ImportCertificate: (ctx) => {
    const input = inputOf<ImportCertificateRequest>(ctx);
    const parsed = parse(text(input.Certificate), text(input.PrivateKey));
    const arn = input.CertificateArn ?? `arn:aws:acm:${ctx.regionName}:${ctx.account.accountId}:certificate/${uuid()}`;
    const before = input.CertificateArn ? findCertificate(ctx, input.CertificateArn) : undefined;
    if (before && input.Tags?.length) throw awsError('ValidationException', 'Tags can be given only when a certificate is first imported.');
    all(ctx)[arn] = { CertificateArn: arn, ...parsed, Tags: before?.Tags ?? tagsFrom(input.Tags), createdAt: before?.createdAt ?? ctx.now };
    return { CertificateArn: arn };
  },

  DescribeCertificate: (ctx) => ({ Certificate: detail(ctx, findCertificate(ctx, inputOf<DescribeCertificateRequest>(ctx).CertificateArn)) }),

  ListCertificates: (ctx) => {
    const input = inputOf<ListCertificatesRequest>(ctx);
    const statuses = input.CertificateStatuses ?? [];
    const found = Object.values(all(ctx)).filter((c) => ctx.visible(c.createdAt) && (!statuses.length || statuses.includes(status(ctx, c))));
    const start = Number(input.NextToken ?? 0);
    const size = Math.min(input.MaxItems ?? 1000, ctx.pageSize ?? 1000);
    const page = found.slice(start, start + size);
    return {
      CertificateSummaryList: page.map((c) => ({ CertificateArn: c.CertificateArn, DomainName: c.DomainName, Type: 'IMPORTED', Status: status(ctx, c), NotAfter: new Date(c.NotAfter), InUse: inUseBy(ctx, c.CertificateArn).length > 0 })),
      ...(start + size < found.length ? { NextToken: String(start + size) } : {}),
    };
  },

  ListTagsForCertificate: (ctx) => {
    const cert = findCertificate(ctx, inputOf<ListTagsForCertificateRequest>(ctx).CertificateArn);
    return { Tags: Object.entries(cert.Tags).map(([Key, Value]) => ({ Key, Value })) };
  },

  DeleteCertificate: (ctx) => {
    const arn = inputOf<DeleteCertificateRequest>(ctx).CertificateArn ?? '';
    findCertificate(ctx, arn);
    const users = inUseBy(ctx, arn);
    if (users.length) throw awsError('ResourceInUseException', `Certificate ${arn} in account ${ctx.account.accountId} is in use.`);
    delete all(ctx)[arn];
    return {};
  },
};
