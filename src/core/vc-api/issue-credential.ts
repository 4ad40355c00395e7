/**
 * Signing for the VC-API issuer: a Data Integrity proof (VC Data Integrity §4.2 Add Proof) with the
 * eddsa-rdfc-2022 cryptosuite (vc-di-eddsa §3.2.1), by the issuer's did:key, for assertionMethod.
 * Pure: the clock (`now`), the key and the document loader are parameters.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from 'jsonld';
import type { JsonObject } from '../types.js';
import { contextAsSigned, credentialVersion } from './context-rules.js';
import { IssueRequestError } from './issue-errors.js';
import { createIssuerSigner, issuerDidOf, type IssuerKey } from './issuer-key.js';
import { type IssueOptions, validateIssueRequest } from './validate-issue-request.js';
import { isJsonObject, issueAt, toDateTimeStamp } from './values.js';

export interface IssueCredentialInput {
  /** an unsigned credential that passed {@link validateIssueRequest} */
  credential: JsonObject;
  key: IssuerKey;
  /** the injected clock's reading: proof `created`, and issuanceDate of a VC 1.1 credential without one */
  now: Date;
  documentLoader: DocumentLoader;
}

function issuerIdOf(credential: JsonObject): unknown {
  const { issuer } = credential;
  return isJsonObject(issuer) ? issuer.id : issuer;
}

/**
 * The document handed to the signer: a copy, so the caller's credential is never mutated (the
 * @digitalbazaar libraries write into their input). `@context` and `credentialSubject` stay as given,
 * except that VC 1.1 gets the Data Integrity context appended. VC 1.1 §4.6 makes issuanceDate
 * mandatory; when absent it is set from the injected clock, seconds precision, UTC — deterministically,
 * where @digitalbazaar/vc would otherwise read the system time.
 */
export function documentToSign(credential: JsonObject, did: string, now: Date): JsonObject {
  const document: JsonObject = structuredClone(credential);
  if (document.issuer === undefined) document.issuer = did;
  if (issuerIdOf(document) !== did) {
    const detail = `this issuer signs only as ${did}`;
    throw new IssueRequestError([issueAt('/credential/issuer', 'issuer-mismatch', detail)]);
  }
  document['@context'] = contextAsSigned(document);
  if (credentialVersion(document) === '1.1' && document.issuanceDate === undefined) {
    document.issuanceDate = toDateTimeStamp(now);
  }
  return document;
}

/**
 * Signs a validated credential and returns the verifiable credential: the credential plus a
 * `DataIntegrityProof` (cryptosuite eddsa-rdfc-2022, verificationMethod = the did:key verification
 * method, proofPurpose assertionMethod, created = `now`). Status entries (e.g. a revocation and a
 * suspension BitstringStatusListEntry) are signed as given.
 */
export async function issueCredential({
  credential,
  key,
  now,
  documentLoader,
}: IssueCredentialInput): Promise<JsonObject> {
  const did = issuerDidOf(key);
  const document = documentToSign(credential, did, now);
  const suite = new DataIntegrityProof({
    signer: await createIssuerSigner(key),
    date: toDateTimeStamp(now),
    cryptosuite: eddsaRdfc2022,
  });
  const signed = await vc.issue({ credential: document, suite, documentLoader, now });
  return signed as JsonObject;
}

export interface IssueFromRequestContext {
  key: IssuerKey;
  now: Date;
  documentLoader: DocumentLoader;
}

/** The VC-API response body (201) plus the options the coordinator sent (e.g. credentialId). */
export interface IssueResult {
  verifiableCredential: JsonObject;
  options: IssueOptions;
}

/**
 * The whole `POST /credentials/issue` use case in the core: validate the request for the key's
 * did:key, then sign. Throws {@link IssueRequestError} (→ 400) for a bad request.
 */
export async function issueFromRequest(
  body: unknown,
  { key, now, documentLoader }: IssueFromRequestContext,
): Promise<IssueResult> {
  const { credential, options } = await validateIssueRequest(body, {
    issuerDid: issuerDidOf(key),
    documentLoader,
  });
  const verifiableCredential = await issueCredential({ credential, key, now, documentLoader });
  return { verifiableCredential, options };
}
