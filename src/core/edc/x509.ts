import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
} as const;

/** DER of the QcCompliance statement id (ETSI EN 319 412-5, 0.4.0.1862.1.1): the certificate claims to be qualified. */
const QC_COMPLIANCE = Buffer.from([0x06, 0x06, 0x04, 0x00, 0x8e, 0x46, 0x01, 0x01]);

export interface SelfSignedSealRequest {
  organization: string;
  /** ETSI EN 319 412-1 semantics identifier, e.g. `NTRLV-40003000000` */
  organizationIdentifier: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  notBefore: Date;
  notAfter: Date;
}

export interface SealKeyMaterial {
  /** DER certificates, the seal's own first */
  chain: Buffer[];
  /** PKCS#8 DER of the private key */
  privateKeyPkcs8: Buffer;
}

function distinguishedName(
  attributes: Array<[string, asn1js.PrintableString | asn1js.Utf8String]>,
): pkijs.RelativeDistinguishedNames {
  const typesAndValues = attributes.map(([type, value]) => new pkijs.AttributeTypeAndValue({ type, value }));
  // one attribute per RDN (pkijs would otherwise put them all in one multi-valued RDN)
  const der = new asn1js.Sequence({
    value: typesAndValues.map((t) => new asn1js.Set({ value: [t.toSchema()] })),
  }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ typesAndValues, valueBeforeDecode: der });
}

/**
 * A positive serial number (RFC 5280 §4.1.2.2) of these random bytes, in minimal DER: the first byte is
 * kept in 0x40–0x7f, so it is never 0x00 — a leading zero byte before one below 0x80 is a non-minimal
 * INTEGER, and OpenSSL (Node's X509Certificate) refuses the whole certificate.
 */
export function certificateSerial(random: Uint8Array): Uint8Array {
  const serial = Uint8Array.from(random);
  serial[0] = ((serial[0] as number) & 0x3f) | 0x40;
  return serial;
}

/**
 * A self-signed P-256 e-seal certificate (X.509 v3, keyUsage digitalSignature + nonRepudiation, as
 * ETSI EN 319 412-3 asks of seal certificates), so an issuer can seal EDCs before it brings a
 * qualified one. Never qualified: it names no CA and carries no QC statements.
 */
export async function createSelfSignedSeal(request: SelfSignedSealRequest): Promise<SealKeyMaterial> {
  const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto });
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({
    valueHex: certificateSerial(webcrypto.getRandomValues(new Uint8Array(16))),
  });
  const name = (): pkijs.RelativeDistinguishedNames =>
    distinguishedName([
      [OID.country, new asn1js.PrintableString({ value: request.country })],
      [OID.organization, new asn1js.Utf8String({ value: request.organization })],
      [OID.organizationIdentifier, new asn1js.Utf8String({ value: request.organizationIdentifier })],
      [OID.commonName, new asn1js.Utf8String({ value: `${request.organization} (self-signed seal)` })],
    ]);
  cert.subject = name();
  cert.issuer = name();
  cert.notBefore.value = request.notBefore;
  cert.notAfter.value = request.notAfter;
  const keyUsage = new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 });
  cert.extensions = [
    new pkijs.Extension({
      extnID: OID.basicConstraints,
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
    new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: keyUsage.toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await cert.sign(keys.privateKey, 'SHA-256', engine);
  return {
    chain: [Buffer.from(cert.toSchema(true).toBER(false))],
    privateKeyPkcs8: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
  };
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** subject = issuer and the certificate verifies under its own key */
  selfSigned: boolean;
  /** carries the QcCompliance statement: it claims to be qualified (not confirmed without a trusted list) */
  claimsQualified: boolean;
  organizationIdentifier?: string;
  country?: string;
  /** hex SHA-256 of the DER */
  fingerprint: string;
}

const field = (dn: string, key: string): string | undefined =>
  new RegExp(`(?:^|\\n)${key}=([^\\n]+)`).exec(dn)?.[1];

/** What a verifier reads from a seal certificate (RFC 5280 fields, ETSI EN 319 412 identifiers). */
export function describeCertificate(der: Buffer): CertificateInfo {
  const cert = new X509Certificate(der);
  const selfSigned = cert.subject === cert.issuer && cert.verify(cert.publicKey);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    serialNumber: cert.serialNumber,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    selfSigned,
    claimsQualified: der.includes(QC_COMPLIANCE),
    organizationIdentifier: field(cert.subject, 'organizationIdentifier'),
    country: field(cert.subject, 'C'),
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}
