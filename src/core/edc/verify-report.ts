import type { CertificateCheck, SealCheck } from './verify-seal.js';
import type { ShaclProblem } from './shacl.js';

export type EdcCheckId = 'parse' | 'format' | 'seal' | 'certificate' | 'validity' | 'status';

export interface EdcCheck {
  id: EdcCheckId;
  valid: boolean;
  code?: string;
  detail: string;
}

/** Which trust level was established and which was not (DESIGN.md §1: a qualified e-seal is the issuer's to bring). */
export interface EdcTrust {
  seal: 'none' | 'self-signed' | 'certificate' | 'claims-qualified';
  checked: string[];
  notChecked: string[];
}

export interface EdcVerificationReport {
  verified: boolean;
  checks: EdcCheck[];
  warnings: string[];
  trust: EdcTrust;
  /** SHACL violations with the failing path, when the format check failed */
  problems: ShaclProblem[];
  summary: {
    format: 'edc';
    sealed: boolean;
    issuerName?: string;
    learnerName?: string;
    achievementName?: string;
    validFrom?: string;
    validUntil?: string;
    status?: 'active' | 'revoked' | 'suspended' | 'unknown';
  };
  credential?: Record<string, unknown>;
}

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first of the named date properties that is a string (EDC uses validFrom; older copies issuanceDate). */
export function dateOf(credential: Json, ...names: string[]): string | undefined {
  for (const name of names) if (typeof credential[name] === 'string') return credential[name] as string;
  return undefined;
}

/** The trust level the seal and its certificate establish, and what was and was not checked. */
export function trustOf(seal: SealCheck | undefined, certificate: CertificateCheck | undefined): EdcTrust {
  const info = certificate?.info;
  const level: EdcTrust['seal'] =
    !seal?.valid || !info
      ? 'none'
      : info.selfSigned
        ? 'self-signed'
        : info.claimsQualified
          ? 'claims-qualified'
          : 'certificate';
  return {
    seal: level,
    checked: [
      'EDC format: SHACL shapes edc-generic-no-cv + edc-generic-full',
      ...(seal?.valid
        ? ['seal signature against its own x5c certificate', 'x5c chain signatures and validity period']
        : []),
      "status in this service's records (own credentials only)",
    ],
    notChecked: [
      'qualified status of the seal against the EU trusted lists (LOTL / national TSLs): out of reach offline',
      'certificate revocation (OCSP / CRL)',
      'JAdES timestamps and long-term validation data (adoTst, etsiU)',
    ],
  };
}

/** What a reader must know about the trust level. */
export function warningsOf(trust: EdcTrust, sealed: boolean): string[] {
  const out: string[] = [];
  if (!sealed) out.push('unsigned EDC: its content was checked, its origin was not');
  if (trust.seal === 'self-signed') out.push('the seal certificate is self-signed: not qualified');
  if (trust.seal === 'claims-qualified')
    out.push(
      'the seal certificate claims to be qualified (QcCompliance); not confirmed against the EU trusted list',
    );
  if (trust.seal === 'certificate')
    out.push('the seal certificate is not self-signed but was not checked against any trusted list');
  return out;
}

const firstText = (v: unknown): string | undefined =>
  isObject(v) ? (Object.values(v).find((x) => typeof x === 'string') as string | undefined) : undefined;

/** The report's summary: names, dates and the recorded status. */
export function summarize(
  credential: Json | undefined,
  sealed: boolean,
  statusCheck: EdcCheck | undefined,
): EdcVerificationReport['summary'] {
  const subject = isObject(credential?.credentialSubject) ? credential.credentialSubject : {};
  const claim = isObject(subject.hasClaim) ? subject.hasClaim : {};
  const issuer = isObject(credential?.issuer) ? credential.issuer : {};
  const recorded =
    statusCheck?.code === 'revoked' || statusCheck?.code === 'suspended' ? statusCheck.code : undefined;
  return {
    format: 'edc',
    sealed,
    issuerName: firstText(issuer.legalName),
    learnerName: firstText(subject.fullName),
    achievementName: firstText(claim.title),
    validFrom: credential ? dateOf(credential, 'validFrom', 'issuanceDate') : undefined,
    validUntil: credential ? dateOf(credential, 'validUntil', 'expirationDate') : undefined,
    status: recorded ?? (statusCheck?.detail.startsWith('active') ? 'active' : 'unknown'),
  };
}
