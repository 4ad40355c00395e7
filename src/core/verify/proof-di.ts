import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import type { DocumentLoader } from 'jsonld';
import type { Cryptosuite } from '../jsonld/reused-expansion.js';
import { findAuthorizedMethod, type Relationship, type ResolvedController } from './controller.js';
import type { CheckCode, PresentationOptions } from './types.js';
import { asArray, errorMessage, idOf, isRecord, type JsonRecord } from './util.js';

/** The result of checking one proof, or a whole proof set. */
export interface ProofOutcome {
  verified: boolean;
  code?: CheckCode;
  detail: string;
  /** the controller whose key made a proof that verifies */
  controller?: string;
}

export interface DataIntegrityOptions {
  /** the secured document, `proof` included */
  document: JsonRecord;
  /** the controller whose keys may sign this proof (the issuer, or the holder) */
  controllerFor: (proof: JsonRecord) => Promise<ResolvedController>;
  relationship: Relationship;
  documentLoader: DocumentLoader;
  /** the eddsa-rdfc-2022 cryptosuite to use (default: the package as it is; same bytes either way) */
  cryptosuite?: Cryptosuite;
  now: Date;
  /** challenge and domain an authentication proof must carry */
  expected?: PresentationOptions;
  /** the document verifies only through a standing proof by this controller (the issuer) */
  requiredController?: string;
}

/** The part of a jsonld-signatures suite this module calls. */
interface ProofSuite {
  verifyProof(options: {
    proof: JsonRecord;
    document: JsonRecord;
    proofSet: JsonRecord[];
    purpose: { validate(): Promise<{ valid: boolean }> };
    documentLoader: DocumentLoader;
  }): Promise<{ verified: boolean; error?: unknown }>;
}

const fail = (code: CheckCode, detail: string): ProofOutcome => ({ verified: false, code, detail });

/** Each proof costs a canonicalization; a document with more than this is refused, not ground through. */
const MAX_PROOFS = 8;

function suiteFor(proof: JsonRecord, cryptosuite: Cryptosuite = eddsaRdfc2022): ProofSuite | undefined {
  if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022') {
    return new DataIntegrityProof({ cryptosuite }) as unknown as ProofSuite;
  }
  if (proof.type === 'Ed25519Signature2020') return new Ed25519Signature2020({}) as unknown as ProofSuite;
  return undefined;
}

function label(proof: JsonRecord): string {
  return [proof.type, proof.cryptosuite].filter((v) => typeof v === 'string').join(' ');
}

/** Challenge and domain of an authentication proof (VC Data Integrity §2.1 "Proofs": challenge, domain). */
function presentationProblem(
  proof: JsonRecord,
  expected: PresentationOptions | undefined,
): ProofOutcome | undefined {
  if (expected?.challenge !== undefined && proof.challenge !== expected.challenge) {
    return fail('challenge-mismatch', `the proof's challenge is not the expected one`);
  }
  if (expected?.domain !== undefined && !asArray(proof.domain).includes(expected.domain)) {
    return fail('domain-mismatch', `the proof's domain is not ${expected.domain}`);
  }
  return undefined;
}

/** The unsecured document plus the proofs this one chains to (VC Data Integrity, "Verify Proof Sets and Chains"). */
function inputDocument(
  unsecured: JsonRecord,
  proof: JsonRecord,
  all: JsonRecord[],
): { document: JsonRecord } | { failure: ProofOutcome } {
  const previous = asArray(proof.previousProof);
  if (previous.length === 0) return { document: unsecured };
  const matching = previous.map((id) => all.find((p) => p.id === id));
  const missing = previous.find((_, i) => !matching[i]);
  if (missing !== undefined) {
    return {
      failure: fail('previous-proof-missing', `previous proof ${String(missing)} is not in the proof set`),
    };
  }
  const proofs = matching.filter(isRecord);
  return { document: { ...unsecured, proof: proofs.length === 1 ? proofs[0] : proofs } };
}

function withMethod(method: JsonRecord, loader: DocumentLoader): DocumentLoader {
  return async (url) =>
    url === method.id ? { contextUrl: null, documentUrl: url, document: method } : loader(url);
}

async function checkSignature(
  suite: ProofSuite,
  proof: JsonRecord,
  document: JsonRecord,
  all: JsonRecord[],
  loader: DocumentLoader,
): Promise<ProofOutcome> {
  const result = await suite.verifyProof({
    proof: { '@context': document['@context'], ...proof },
    document,
    proofSet: all,
    // key trust and proof purpose are checked before the signature, by findAuthorizedMethod
    purpose: { validate: async () => ({ valid: true }) },
    documentLoader: loader,
  });
  if (result.verified)
    return { verified: true, detail: `${label(proof)} proof by ${idOf(proof.verificationMethod)} verifies` };
  const message = errorMessage(result.error);
  if (/invalid signature/i.test(message))
    return fail('signature-invalid', `the ${label(proof)} signature does not verify`);
  return fail('proof-unverifiable', `the ${label(proof)} proof cannot be checked: ${message}`);
}

/** One proof, without regard to the proofs it chains to (VC Data Integrity, "Verify Proof"). */
async function verifyOne(
  proof: JsonRecord,
  all: JsonRecord[],
  unsecured: JsonRecord,
  options: DataIntegrityOptions,
): Promise<ProofOutcome> {
  const suite = suiteFor(proof, options.cryptosuite);
  if (!suite) return fail('proof-unsupported', `proof type "${label(proof) || 'none'}" is not supported`);
  if (proof.proofPurpose !== options.relationship) {
    return fail(
      'proof-purpose-mismatch',
      `proofPurpose is ${String(proof.proofPurpose)}, not ${options.relationship}`,
    );
  }
  const purposeProblem =
    options.relationship === 'authentication' ? presentationProblem(proof, options.expected) : undefined;
  if (purposeProblem) return purposeProblem;
  const expires = typeof proof.expires === 'string' ? Date.parse(proof.expires) : NaN;
  if (!Number.isNaN(expires) && expires < options.now.getTime()) {
    return fail('proof-expired', `the proof expired at ${String(proof.expires)}`);
  }
  const vmId = idOf(proof.verificationMethod);
  if (!vmId) return fail('proof-malformed', 'the proof names no verificationMethod');
  const controller = await options.controllerFor(proof);
  if ('error' in controller) return fail(controller.code, controller.error);
  const key = findAuthorizedMethod(controller, vmId, options.relationship, options.now);
  if (!key.ok) return fail(key.code, key.detail);
  const input = inputDocument(unsecured, proof, all);
  if ('failure' in input) return input.failure;
  const loader = withMethod(key.method, options.documentLoader);
  const outcome = await checkSignature(suite, proof, input.document, all, loader);
  return outcome.verified ? { ...outcome, controller: controller.id } : outcome;
}

/** A chained proof stands only if every proof it names stands too. */
function resolveChains(proofs: JsonRecord[], own: ProofOutcome[]): ProofOutcome[] {
  const standing = (i: number, seen: Set<number>): ProofOutcome => {
    const outcome = own[i] as ProofOutcome;
    if (!outcome.verified) return outcome;
    for (const id of asArray(proofs[i]?.previousProof)) {
      const j = proofs.findIndex((p) => p.id === id);
      if (seen.has(j)) return fail('previous-proof-missing', 'the proof chain has a cycle');
      const previous = standing(j, new Set([...seen, j]));
      if (!previous.verified)
        return { ...previous, detail: `it chains to a proof that fails: ${previous.detail}` };
    }
    return outcome;
  };
  return own.map((_, i) => standing(i, new Set([i])));
}

/**
 * Verifies the embedded Data Integrity proofs of a document (VC Data Integrity 1.0, "Verify Proof
 * Sets and Chains"): `eddsa-rdfc-2022` DataIntegrityProof and Ed25519Signature2020. Any one standing
 * proof — by `requiredController` when given — verifies the document (OB 3.0 "Proof Formats": a
 * verifier may accept any one proof); the proofs it chains to must stand, each by its own controller.
 */
export async function verifyDataIntegrity(options: DataIntegrityOptions): Promise<ProofOutcome> {
  const proofs = asArray(options.document.proof);
  if (proofs.length === 0) return fail('proof-missing', 'the document carries no proof');
  if (!proofs.every(isRecord)) return fail('proof-malformed', 'every proof must be an object');
  if (proofs.length > MAX_PROOFS)
    return fail('proof-malformed', `more than ${MAX_PROOFS} proofs are not checked`);
  const { proof: _proofs, ...unsecured } = options.document;
  const own = await Promise.all(proofs.map((p) => verifyOne(p, proofs, unsecured, options)));
  const outcomes = resolveChains(proofs, own);
  const required = options.requiredController;
  const winner = outcomes.find((o) => o.verified && (!required || o.controller === required));
  if (winner)
    return proofs.length === 1
      ? winner
      : { ...winner, detail: `${winner.detail} (proof set of ${proofs.length})` };
  const others = outcomes.filter((o) => o.verified).map((o) => o.controller);
  if (others.length > 0)
    return fail('controller-mismatch', `no proof by ${required} verifies, only by ${others.join(', ')}`);
  const detail = outcomes
    .map((o, i) => (proofs.length > 1 ? `proof ${i + 1}: ${o.detail}` : o.detail))
    .join('; ');
  return { verified: false, code: outcomes[0]?.code ?? 'signature-invalid', detail };
}
