import { MAX_JSON_DEPTH, tooDeepAt } from '../json-depth.js';
import type { Check } from './types.js';
import { isRecord, type JsonRecord } from './util.js';

/** A compact JWS carrying a credential (VC-JWT as OB 3.0 "JSON Web Token Proof Format" profiles it, or VC-JOSE-COSE). */
export interface ParsedJwt {
  token: string;
  header: JsonRecord;
  payload: JsonRecord;
  /** `vc-claim`: the credential is the `vc` claim (VC-JWT 1.1, OB 3.0); `payload`: the payload is it (VC-JOSE) */
  style: 'vc-claim' | 'payload';
}

export interface ParsedCredential {
  credential: JsonRecord;
  jwt?: ParsedJwt;
}

export type ParseResult = { ok: true; value: ParsedCredential } | { ok: false; check: Check };

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const ENVELOPE_MEDIA = /^data:application\/(?:vc\+jwt|vc-ld\+jwt|vc\+ld\+jwt|jwt)(?:;[^,]*)?,/;
/** Signature sizes JWA fixes (RFC 7518 §3.4; RFC 8037 §3.1); RSA signatures are as long as the modulus. */
const SIGNATURE_BYTES: Record<string, number> = { ES256: 64, EdDSA: 64 };
const MIN_RSA_SIGNATURE_BYTES = 256;
/** Registered JWT claims (RFC 7519 §4.1) a VC-JOSE payload may carry beside the credential's own members. */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf'];

const failed = (code: Check['code'], detail: string): ParseResult => ({
  ok: false,
  check: { id: 'parse', valid: false, code, detail },
});

/**
 * Canonical base64url only (RFC 7515 §2 "Base64url Encoding": no padding; RFC 4648 §3.5: unused bits
 * are zero): one value has one encoding, so a JWS cannot be re-encoded into a second valid token.
 */
function isCanonicalBase64url(part: string): boolean {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return false;
  return Buffer.from(part, 'base64url').toString('base64url') === part;
}

function decodeJsonPart(part: string): JsonRecord | undefined {
  if (!isCanonicalBase64url(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function signatureProblem(alg: unknown, signature: string): string | undefined {
  if (!isCanonicalBase64url(signature)) return 'the signature is not canonical base64url';
  if (alg === 'none') return undefined;
  const bytes = Buffer.from(signature, 'base64url').length;
  if (bytes === 0) return 'the signature is missing';
  const expected = typeof alg === 'string' ? SIGNATURE_BYTES[alg] : undefined;
  if (expected !== undefined && bytes !== expected)
    return `a ${alg} signature has ${expected} bytes, not ${bytes}`;
  if (alg === 'RS256' && bytes < MIN_RSA_SIGNATURE_BYTES)
    return `an RS256 signature of ${bytes} bytes is truncated`;
  return undefined;
}

/** Decodes a compact JWS (RFC 7515 §7.1) carrying a credential, without verifying anything yet. */
export function parseJwt(token: string): ParseResult {
  const parts = token.split('.');
  if (parts.length !== 3)
    return failed('malformed-jwt', `a compact JWT has 3 parts, this one has ${parts.length}`);
  const [headerPart = '', payloadPart = '', signature = ''] = parts;
  const header = decodeJsonPart(headerPart);
  if (!header) return failed('malformed-jwt', 'the JWT header is not canonical base64url-encoded JSON');
  const payload = decodeJsonPart(payloadPart);
  if (!payload) return failed('malformed-jwt', 'the JWT payload is not canonical base64url-encoded JSON');
  // the request body's depth was checked where it was parsed; a JWT's parts are parsed only here
  if (tooDeepAt(header) !== undefined || tooDeepAt(payload) !== undefined)
    return failed('malformed-jwt', `the JWT nests JSON deeper than ${MAX_JSON_DEPTH} levels`);
  const problem = signatureProblem(header.alg, signature);
  if (problem) return failed('malformed-jwt', problem);
  if (isRecord(payload.vc)) {
    return {
      ok: true,
      value: { credential: payload.vc, jwt: { token, header, payload, style: 'vc-claim' } },
    };
  }
  if (payload['@context'] !== undefined) {
    const credential = Object.fromEntries(
      Object.entries(payload).filter(([name]) => !JWT_CLAIMS.includes(name)),
    );
    return { ok: true, value: { credential, jwt: { token, header, payload, style: 'payload' } } };
  }
  return failed('malformed-jwt', 'the JWT carries no credential (no "vc" claim, no @context)');
}

/** A compact JWS, or what is left of one: base64url parts joined by dots, or a JOSE header alone ("eyJ" = `{"`). */
function looksLikeJwt(text: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]*$/.test(text) || /^eyJ[A-Za-z0-9_-]*$/.test(text);
}

function parseObject(value: JsonRecord): ParseResult {
  // VC 2.0 "Enveloped Verifiable Credentials" / VC-JOSE-COSE: an enveloped credential carries the JWT in a data: URL.
  if (value.type === 'EnvelopedVerifiableCredential' && typeof value.id === 'string') {
    const media = ENVELOPE_MEDIA.exec(value.id);
    if (!media) return failed('malformed-jwt', 'the enveloped credential is not a data: URL of a JWT');
    return parseJwt(value.id.slice(media[0].length));
  }
  return { ok: true, value: { credential: value } };
}

function parseText(text: string): ParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return failed('malformed-json', 'the input is empty');
  if (looksLikeJwt(trimmed)) return parseJwt(trimmed);
  // VC Data Integrity §4.4 "Verify Proof": a secured document that is not a map is an error
  return failed(
    'not-an-object',
    'a credential is a JSON object or a compact JWT; a string holding JSON is not accepted',
  );
}

/**
 * The `parse` check: accepts a credential as a JSON object, a compact JWT (VC-JWT, OB 3.0 "JSON Web
 * Token Proof Format"; VC-JOSE-COSE "With JOSE") or an `EnvelopedVerifiableCredential`. A string
 * holding JSON is refused: the secured document must be a map (VC Data Integrity §4.4).
 */
export function parseCredentialInput(input: unknown): ParseResult {
  if (typeof input === 'string') return parseText(input);
  if (isRecord(input)) return parseObject(input);
  return failed('not-an-object', 'a credential is a JSON object or a compact JWT');
}
