import { MAX_JSON_DEPTH, tooDeepAt } from '../json-depth.js';
import type { SealedEdc } from './seal.js';
import type { ShaclProblem, ShaclValidate } from './shacl.js';
import { credentialIdOf } from './build-edc.js';
import {
  checkCertificate,
  checkSealSignature,
  type CertificateCheck,
  type SealCheck,
} from './verify-seal.js';

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

/** Our record of a credential named by an EDC id, to check revocation and that the seal is the issuer's. */
export type EdcOwnRecord = (
  credentialId: string,
) => Promise<{ status: string; sealFingerprints: string[] } | undefined>;

export interface EdcVerifyDeps {
  validate: ShaclValidate;
  now: () => Date;
  ownRecord?: EdcOwnRecord;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The sealed JWS in general form (a flattened one is rewritten), or undefined for anything else. */
export function asSealedEdc(input: unknown): SealedEdc | undefined {
  if (!isObject(input) || typeof input.payload !== 'string') return undefined;
  if (Array.isArray(input.signatures)) return input as unknown as SealedEdc;
  if (typeof input.protected === 'string' && typeof input.signature === 'string')
    return {
      payload: input.payload,
      signatures: [{ protected: input.protected, signature: input.signature }],
    };
  return undefined;
}

const hasEdcType = (v: unknown): boolean =>
  isObject(v) && Array.isArray(v.type) && v.type.includes('EuropeanDigitalCredential');

/** True when the verify input is an EDC: a sealed JWS JSON, or JSON-LD typed EuropeanDigitalCredential (or either as a JSON string). */
export function isEdcInput(input: unknown): boolean {
  let value = input;
  if (typeof input === 'string' && input.trimStart().startsWith('{')) {
    try {
      value = JSON.parse(input);
    } catch {
      return false;
    }
  }
  return asSealedEdc(value) !== undefined || hasEdcType(value);
}

function parse(input: unknown): { credential?: Json; sealed?: SealedEdc; check: EdcCheck } {
  let value = input;
  try {
    if (typeof input === 'string') value = JSON.parse(input);
    const sealed = asSealedEdc(value);
    const credential = sealed ? (JSON.parse(sealed.payload) as unknown) : value;
    // the payload is text the request-body depth limit never saw: recursive checks must not meet it
    const deep = tooDeepAt(credential);
    if (deep !== undefined) throw new Error(`nested deeper than ${MAX_JSON_DEPTH} levels at "${deep}"`);
    if (!hasEdcType(credential)) throw new Error('not typed EuropeanDigitalCredential');
    const detail = sealed ? 'a sealed EDC (JAdES JWS, JSON serialization)' : 'an unsigned EDC (JSON-LD)';
    return { credential: credential as Json, sealed, check: { id: 'parse', valid: true, detail } };
  } catch (error) {
    return {
      check: {
        id: 'parse',
        valid: false,
        code: 'malformed-json',
        detail: `not an EDC: ${(error as Error).message}`,
      },
    };
  }
}

async function format(
  credential: Json,
  validate: ShaclValidate,
): Promise<{ check: EdcCheck; problems: ShaclProblem[] }> {
  try {
    const { conforms, problems } = await validate(credential);
    if (conforms)
      return {
        check: { id: 'format', valid: true, detail: 'conforms to the EDC shapes (edc-generic-full)' },
        problems,
      };
    const detail = `does not conform to the EDC shapes: ${problems.map((p) => p.path).join(', ')}`;
    return { check: { id: 'format', valid: false, code: 'edc-shape-invalid', detail }, problems };
  } catch (error) {
    return {
      check: {
        id: 'format',
        valid: false,
        code: 'jsonld-invalid',
        detail: `not processable as JSON-LD: ${(error as Error).message}`,
      },
      problems: [],
    };
  }
}

function dateOf(credential: Json, ...names: string[]): string | undefined {
  for (const name of names) if (typeof credential[name] === 'string') return credential[name] as string;
  return undefined;
}

function validity(credential: Json, now: Date): EdcCheck {
  const from = dateOf(credential, 'validFrom', 'issuanceDate');
  const until = dateOf(credential, 'validUntil', 'expirationDate');
  if (from && !(new Date(from) <= now))
    return { id: 'validity', valid: false, code: 'not-yet-valid', detail: `valid from ${from}` };
  if (until && !(new Date(until) > now))
    return { id: 'validity', valid: false, code: 'expired', detail: `expired on ${until}` };
  return { id: 'validity', valid: true, detail: until ? `valid until ${until}` : 'no expiry' };
}

async function status(
  credential: Json,
  certificate: CertificateCheck | undefined,
  own?: EdcOwnRecord,
): Promise<EdcCheck> {
  const id = credentialIdOf(credential.id);
  let record;
  try {
    record = id && own ? await own(id) : undefined;
  } catch {
    return {
      id: 'status',
      valid: false,
      code: 'status-unavailable',
      detail: "the issuer's records could not be read now",
    };
  }
  if (!record)
    return {
      id: 'status',
      valid: true,
      detail:
        'not a credential of this service: an EDC carries no status list, so revocation was not checked',
    };
  if (record.status === 'revoked' || record.status === 'suspended')
    return {
      id: 'status',
      valid: false,
      code: record.status,
      detail: `the issuer has ${record.status} this credential (issuer's records)`,
    };
  if (!certificate || !record.sealFingerprints.includes(certificate.info.fingerprint))
    return {
      id: 'status',
      valid: false,
      code: 'seal-not-issuers',
      detail:
        "the credential is recorded here, but this copy is not sealed with the issuer's seal certificate",
    };
  return { id: 'status', valid: true, detail: "active in the issuer's records" };
}

function trustOf(seal: SealCheck | undefined, certificate: CertificateCheck | undefined): EdcTrust {
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

function warningsOf(trust: EdcTrust, sealed: boolean): string[] {
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

function summarize(
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

/**
 * Verifies a European Digital Credential, sealed (JAdES JWS JSON) or not (JSON-LD), as a log of named
 * checks: parse, format (SHACL), seal, certificate, validity, status. Reports which trust level was
 * and was not checked; the EU trusted lists are never consulted, so a seal is never called qualified.
 */
export async function verifyEdc(input: unknown, deps: EdcVerifyDeps): Promise<EdcVerificationReport> {
  const now = deps.now();
  const parsed = parse(input);
  const checks: EdcCheck[] = [parsed.check];
  const { credential, sealed } = parsed;
  let problems: ShaclProblem[] = [];
  let seal: SealCheck | undefined;
  let certificate: CertificateCheck | undefined;
  if (credential) {
    const shape = await format(credential, deps.validate);
    problems = shape.problems;
    checks.push(shape.check);
    seal = sealed
      ? await checkSealSignature(sealed)
      : {
          valid: false,
          code: 'seal-missing',
          detail: 'not sealed: the content can be checked, its origin cannot',
        };
    checks.push({ id: 'seal', valid: seal.valid, code: seal.code, detail: seal.detail });
    if (seal.valid && seal.chain) {
      certificate = checkCertificate(seal.chain, seal.signingTime, now);
      checks.push({
        id: 'certificate',
        valid: certificate.valid,
        code: certificate.code,
        detail: certificate.detail,
      });
    }
    checks.push(validity(credential, now), await status(credential, certificate, deps.ownRecord));
  }
  const trust = trustOf(seal, certificate);
  return {
    verified: checks.every((c) => c.valid),
    checks,
    warnings: warningsOf(trust, Boolean(sealed)),
    trust,
    problems,
    summary: summarize(
      credential,
      Boolean(sealed),
      checks.find((c) => c.id === 'status'),
    ),
    ...(credential ? { credential } : {}),
  };
}
