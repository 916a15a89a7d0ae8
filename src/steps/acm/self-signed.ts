/**
 * A temporary self-signed certificate, made in memory: what the source's
 * three openssl commands make (an RSA 2048 key, a SHA-256 request, a
 * certificate signed by its own key), without a file on the way.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface SelfSigned {
  certificatePem: string;
  /** Secret: register it with ctx.secret before anything can print it. */
  privateKeyPem: string;
  notAfter: Date;
}

const rsaKeyPair = promisify(generateKeyPair);

/** The key is made off the event loop (node's thread pool): the steps that run beside this one are not held up for it. */
export async function selfSignedCertificate(commonName: string, days: number, now = new Date()): Promise<SelfSigned> {
  const { privateKey, publicKey } = await rsaKeyPair('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial of 128 bits, as RFC 5280 asks.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // Whole seconds: what the certificate encodes, and so what ACM reads back.
  const second = Math.floor(now.getTime() / 1000) * 1000;
  cert.validity.notBefore = new Date(second - 5 * 60_000);
  cert.validity.notAfter = new Date(second + days * 86_400_000);
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem, notAfter: cert.validity.notAfter };
}
