import { MAX_JSON_DEPTH, tooDeepAt } from '../json-depth.js';
import type { SealedEdc } from './seal.js';
import type { ShaclProblem, ShaclValidate } from './shacl.js';
import {
  dateOf,
  isObject,
  summarize,
  trustOf,
  warningsOf,
  type EdcCheck,
  type EdcVerificationReport,
  type Json,
} from './verify-report.js';
import { credentialIdOf } from './build-edc.js';
import {
  checkCertificate,
  checkSealSignature,
  type CertificateCheck,
  type SealCheck,
} from './verify-seal.js';

export type { EdcCheck, EdcCheckId, EdcTrust, EdcVerificationReport } from './verify-report.js';

/** Our record of a credential named by an EDC id, to check revocation and that the seal is the issuer's. */
export type EdcOwnRecord = (
  credentialId: string,
) => Promise<{ status: string; sealFingerprints: string[] } | undefined>;

export interface EdcVerifyDeps {
  validate: ShaclValidate;
  now: () => Date;
  ownRecord?: EdcOwnRecord;
}

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

function validity(credential: Json, now: Date): EdcCheck {
  const from = dateOf(credential, 'validFrom', 'issuanceDate');
  const until = dateOf(credential, 'validUntil', 'expirationDate');
  if (from && !(new Date(from) <= now))
    return { id: 'validity', valid: false, code: 'not-yet-valid', detail: `valid from ${from}` };
  if (until && !(new Date(until) > now))
    return { id: 'validity', valid: false, code: 'expired', detail: `expired on ${until}` };
  return { id: 'validity', valid: true, detail: until ? `valid until ${until}` : 'no expiry' };
}

const NOT_OURS: EdcCheck = {
  id: 'status',
  valid: true,
  detail: 'not a credential of this service: an EDC carries no status list, so revocation was not checked',
};

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
  if (!record) return { ...NOT_OURS };
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

/**
 * Verifies a European Digital Credential, sealed (JAdES JWS JSON) or not (JSON-LD), as a log of named
 * checks: parse, format (SHACL), seal, certificate, validity, status. Reports which trust level was
 * and was not checked; the EU trusted lists are never consulted, so a seal is never called qualified.
 */
/** The seal check: an unsealed EDC has none to pass. */
async function sealCheck(sealed: SealedEdc | undefined): Promise<SealCheck> {
  return sealed
    ? checkSealSignature(sealed)
    : {
        valid: false,
        code: 'seal-missing',
        detail: 'not sealed: the content can be checked, its origin cannot',
      };
}

/** The checks after parsing, in order: format, seal, certificate (a valid seal only), validity, status. */
async function checkParsed(credential: Json, sealed: SealedEdc | undefined, deps: EdcVerifyDeps, now: Date) {
  const shape = await format(credential, deps.validate);
  const checks: EdcCheck[] = [shape.check];
  const seal = await sealCheck(sealed);
  checks.push({ id: 'seal', valid: seal.valid, code: seal.code, detail: seal.detail });
  let certificate: CertificateCheck | undefined;
  if (seal.valid && seal.chain) {
    certificate = checkCertificate(seal.chain, seal.signingTime, now);
    const { valid, code, detail } = certificate;
    checks.push({ id: 'certificate', valid, code, detail });
  }
  checks.push(validity(credential, now), await status(credential, certificate, deps.ownRecord));
  return { checks, problems: shape.problems, seal, certificate };
}

/**
 * Verifies a European Digital Credential, sealed (JAdES JWS JSON) or not (JSON-LD), as a log of named
 * checks: parse, format (SHACL), seal, certificate, validity, status. Reports which trust level was
 * and was not checked; the EU trusted lists are never consulted, so a seal is never called qualified.
 */
export async function verifyEdc(input: unknown, deps: EdcVerifyDeps): Promise<EdcVerificationReport> {
  const now = deps.now();
  const { credential, sealed, check } = parse(input);
  const parsed = credential ? await checkParsed(credential, sealed, deps, now) : undefined;
  const checks = [check, ...(parsed?.checks ?? [])];
  const trust = trustOf(parsed?.seal, parsed?.certificate);
  return {
    verified: checks.every((c) => c.valid),
    checks,
    warnings: warningsOf(trust, Boolean(sealed)),
    trust,
    problems: parsed?.problems ?? [],
    summary: summarize(
      credential,
      Boolean(sealed),
      checks.find((c) => c.id === 'status'),
    ),
    ...(credential ? { credential } : {}),
  };
}
