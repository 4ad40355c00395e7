import { calculateJwkThumbprint, compactVerify, importJWK, type JWK } from 'jose';
import {
  authorizedMethods,
  findAuthorizedMethod,
  type KeyLookup,
  type ResolvedController,
} from './controller.js';
import { methodJwk } from './multikey-jwk.js';
import type { ParsedJwt } from './parse.js';
import type { ProofOutcome } from './proof-di.js';
import type { CheckCode } from './types.js';
import { asArray, errorMessage, idOf, isRecord, type JsonRecord } from './util.js';

/** The only JWS algorithms accepted: ES256 and RS256 (what 1EdTech validates) and EdDSA. Never `none`. */
export const JWT_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'] as const;

export interface JwtProofOptions {
  jwt: ParsedJwt;
  credential: JsonRecord;
  /** the issuer's controller document */
  controller: () => Promise<ResolvedController>;
  now: Date;
}

const fail = (code: CheckCode, detail: string): ProofOutcome => ({ verified: false, code, detail });

async function thumbprint(jwk: JWK | undefined): Promise<string | undefined> {
  try {
    return jwk ? await calculateJwkThumbprint(jwk) : undefined;
  } catch {
    return undefined;
  }
}

/** A header `jwk` is trusted only when it is one of the issuer's assertion keys (RFC 7638 thumbprints). */
async function methodForJwk(
  controller: { id: string; document: JsonRecord },
  jwk: JWK,
  now: Date,
): Promise<KeyLookup> {
  const wanted = await thumbprint(jwk);
  for (const method of authorizedMethods(controller, 'assertionMethod', now)) {
    if (wanted !== undefined && (await thumbprint(methodJwk(method))) === wanted) return { ok: true, method };
  }
  return {
    ok: false,
    code: 'key-not-authorized',
    detail: `the header jwk is not an assertion key of ${controller.id}`,
  };
}

/** OB 3.0 "Verify a Credential" (JWT): `kid` dereferences to a key; here, only via the issuer's own document. */
async function keyFor(
  jwt: ParsedJwt,
  controller: { id: string; document: JsonRecord },
  now: Date,
): Promise<KeyLookup> {
  const { kid, jwk } = jwt.header;
  if (typeof kid === 'string' && kid !== '') {
    const vmId = kid.startsWith('#') ? `${controller.id}${kid}` : kid;
    return findAuthorizedMethod(controller, vmId, 'assertionMethod', now);
  }
  if (isRecord(jwk)) return methodForJwk(controller, jwk as JWK, now);
  return { ok: false, code: 'proof-malformed', detail: 'the JWT header has neither kid nor jwk' };
}

function numericDate(iso: unknown): number | undefined {
  if (typeof iso !== 'string') return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

type ClaimRule = [claim: string, expected: unknown, required: boolean];

function claimRules(jwt: ParsedJwt, credential: JsonRecord): ClaimRule[] {
  // OB 3.0 "Verify a Credential VC-JWT Signature": iss, sub, nbf, jti are required and must agree;
  // VC-JOSE-COSE only recommends agreement, so there a claim is compared only when present.
  const strict = jwt.style === 'vc-claim';
  const validFrom = numericDate(credential.validFrom ?? credential.issuanceDate);
  const validUntil = numericDate(credential.validUntil ?? credential.expirationDate);
  return [
    ['iss', idOf(credential.issuer), strict],
    ['jti', credential.id, strict],
    ['sub', idOf(asArray(credential.credentialSubject)[0]), strict],
    ['nbf', validFrom, strict],
    ['exp', validUntil, strict],
  ];
}

/** The JWT claims must say what the embedded credential says. */
export function claimsProblem(jwt: ParsedJwt, credential: JsonRecord): string | undefined {
  for (const [claim, expected, required] of claimRules(jwt, credential)) {
    const actual = jwt.payload[claim];
    const dated = claim === 'nbf' || claim === 'exp';
    if (actual === undefined) {
      if (required && expected !== undefined) return `the "${claim}" claim is missing`;
      continue;
    }
    // nbf/exp may bound the JWT alone when the credential states no validity period
    if (dated && expected === undefined) continue;
    if (actual !== expected)
      return `"${claim}" is ${JSON.stringify(actual)} but the credential says ${JSON.stringify(expected)}`;
  }
  return undefined;
}

/**
 * The VC-JWT proof (OB 3.0 "JSON Web Token Proof Format", "Verify a Credential"; VC-JOSE-COSE "With JOSE"):
 * only ES256, RS256 and EdDSA; the key must be an assertion key in the issuer's own controller
 * document; the JWS must verify; and iss / jti / sub / nbf / exp must agree with the credential.
 */
export async function verifyJwtProof({
  jwt,
  credential,
  controller,
  now,
}: JwtProofOptions): Promise<ProofOutcome> {
  const alg = jwt.header.alg;
  if (typeof alg !== 'string' || !(JWT_ALGORITHMS as readonly string[]).includes(alg)) {
    return fail(
      'jwt-alg-refused',
      `JWS algorithm ${JSON.stringify(alg)} is refused; accepted: ${JWT_ALGORITHMS.join(', ')}`,
    );
  }
  const resolved = await controller();
  if ('error' in resolved) return fail(resolved.code, resolved.error);
  const key = await keyFor(jwt, resolved, now);
  if (!key.ok) return fail(key.code, key.detail);
  const jwk = methodJwk(key.method);
  if (!jwk) return fail('proof-unsupported', `key ${String(key.method.id)} has no usable public key`);
  try {
    await compactVerify(jwt.token, await importJWK(jwk, alg), { algorithms: [alg] });
  } catch (error) {
    return fail(
      'signature-invalid',
      `the ${alg} signature does not verify with ${String(key.method.id)}: ${errorMessage(error)}`,
    );
  }
  const mismatch = claimsProblem(jwt, credential);
  if (mismatch) return fail('jwt-claims-mismatch', mismatch);
  return { verified: true, detail: `${alg} JWT signed by ${String(key.method.id)} verifies` };
}
