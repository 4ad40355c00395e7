/**
 * The plain library path, for byte comparisons: @digitalbazaar/vc `issue()` with a DataIntegrityProof
 * of the eddsa-rdfc-2022 cryptosuite package as it is, signing with an Ed25519Multikey signer. Every
 * Data Integrity proof a test app makes is compared with it (see startTestApp).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from 'jsonld';
import type { DataIntegrityKey } from '../../src/core/ob3/sign.js';

export async function plainIssue(
  unsigned: Record<string, unknown>,
  key: DataIntegrityKey & { id?: string },
  created: string,
  documentLoader: DocumentLoader,
): Promise<Record<string, unknown>> {
  const pair = await Ed25519Multikey.from({
    type: 'Multikey',
    id: key.id ?? `${key.controller}#${key.publicKeyMultibase}`,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const suite = new DataIntegrityProof({ signer: pair.signer(), date: created, cryptosuite });
  return vc.issue({ credential: structuredClone(unsigned), suite, documentLoader });
}

/**
 * How many proofs of test apps were compared with the plain path, those that differed, and how many
 * were canonicalized from the validation's expansion (what their cryptosuites' counts went up by).
 */
export const proofComparisons = {
  compared: 0,
  differing: [] as string[],
  reusedDocuments: 0,
};
const lastCount = new WeakMap<object, number>();

/** The test apps' `onDataIntegrityProof`: a proof that differs from the plain path's fails the request. */
export async function compareWithPlainIssue(proof: {
  unsigned: Record<string, unknown>;
  signed: Record<string, unknown>;
  key: DataIntegrityKey;
  documentLoader: DocumentLoader;
  reused?: { documents: number };
}): Promise<void> {
  const created = String((proof.signed.proof as { created?: unknown }).created);
  const plain = await plainIssue(proof.unsigned, proof.key, created, proof.documentLoader);
  proofComparisons.compared += 1;
  if (proof.reused) {
    proofComparisons.reusedDocuments += proof.reused.documents - (lastCount.get(proof.reused) ?? 0);
    lastCount.set(proof.reused, proof.reused.documents);
  }
  if (JSON.stringify(plain) !== JSON.stringify(proof.signed)) {
    proofComparisons.differing.push(String(proof.unsigned.id));
    throw new Error(`the proof of ${String(proof.unsigned.id)} differs from plain vc.issue()`);
  }
}
