/**
 * Validation of a W3C VC-API "issue credential" request (`POST /credentials/issue`,
 * IssueCredentialRequest `{credential, options?}`) against the VC Data Model 2.0 (or 1.1) rules an
 * issuer must enforce before it signs. Pure: the issuer DID and the closed document loader are injected.
 */
import type { DocumentLoader } from 'jsonld';
import { checkSafeExpansion, type JsonLdIssue } from '../jsonld/safe-expand.js';
import type { JsonObject } from '../types.js';
import {
  checkContextShape,
  checkContextsLoadable,
  contextAsSigned,
  credentialVersion,
} from './context-rules.js';
import {
  checkCredentialSubject,
  checkCredentialType,
  checkIssuer,
  checkNamesAndDescriptions,
  checkNoProof,
  checkOptionalId,
} from './credential-rules.js';
import { IssueRequestError, type IssueRequestErrorCode, type IssueRequestIssue } from './issue-errors.js';
import { checkTypedObjects } from './typed-object-rules.js';
import { checkValidity } from './validity-rules.js';
import { isJsonObject, isUrl, issueAt, pointerTo } from './values.js';

/** VC-API IssueCredentialOptions this issuer honours. */
export interface IssueOptions {
  /** VC-API: a URI the issuer coordinator uses to refer to the issued credential (not written into it). */
  credentialId?: string;
}

/** A request that passed every rule: the credential to sign (issuer filled in) and its options. */
export interface ValidIssueRequest {
  credential: JsonObject;
  options: IssueOptions;
}

export interface ValidateIssueRequestContext {
  /** the DID this service signs as; the credential's issuer must be it (or absent) */
  issuerDid: string;
  /** closed offline loader holding every context this service knows */
  documentLoader: DocumentLoader;
}

const CREDENTIAL = '/credential';
const OPTIONS = '/options';

function checkBody(body: unknown): IssueRequestIssue[] {
  if (!isJsonObject(body))
    return [issueAt('', 'invalid-request-body', 'the request body must be a JSON object')];
  const issues = Object.keys(body)
    .filter((key) => key !== 'credential' && key !== 'options')
    .map((key) => issueAt(pointerTo('', key), 'unknown-field', `"${key}" is not part of an issue request`));
  if (!isJsonObject(body.credential)) {
    const detail = 'the request must carry the credential to issue as an object in "credential"';
    issues.unshift(issueAt(CREDENTIAL, 'missing-credential', detail));
  }
  return issues;
}

/**
 * VC-API IssueCredentialOptions (additionalProperties: false): `credentialId` is honoured;
 * `mandatoryPointers` only means something to selective-disclosure suites, which eddsa-rdfc-2022 is not.
 */
function checkOptions(options: unknown): IssueRequestIssue[] {
  if (options === undefined) return [];
  if (!isJsonObject(options)) return [issueAt(OPTIONS, 'invalid-options', 'options must be a JSON object')];
  return Object.entries(options).flatMap(([key, value]) => {
    const pointer = pointerTo(OPTIONS, key);
    if (key === 'credentialId') {
      return isUrl(value) ? [] : [issueAt(pointer, 'invalid-options', 'credentialId must be a URI')];
    }
    if (key === 'mandatoryPointers') {
      const detail =
        'mandatoryPointers needs a selective-disclosure cryptosuite; this issuer signs with eddsa-rdfc-2022';
      return [issueAt(pointer, 'unsupported-option', detail)];
    }
    return [issueAt(pointer, 'unknown-option', `"${key}" is not an issue option`)];
  });
}

/** Every structural rule of VC 2.0 §4 / §5 (or VC 1.1 §4) that does not need JSON-LD processing. */
function checkCredential(credential: JsonObject, issuerDid: string): IssueRequestIssue[] {
  const contextIssues = checkContextShape(credential, CREDENTIAL);
  const version = credentialVersion(credential);
  return [
    ...contextIssues,
    ...checkOptionalId(credential, CREDENTIAL),
    ...checkCredentialType(credential, CREDENTIAL),
    ...checkNamesAndDescriptions(credential, CREDENTIAL),
    ...checkIssuer(credential, CREDENTIAL, issuerDid),
    ...checkCredentialSubject(credential, CREDENTIAL),
    ...(version ? checkValidity(credential, CREDENTIAL, version) : []),
    ...checkTypedObjects(credential, CREDENTIAL),
    ...checkNoProof(credential, CREDENTIAL),
  ];
}

const JSON_LD_CODES: Record<string, IssueRequestErrorCode> = {
  'invalid property': 'undefined-term',
};

const JSON_LD_DETAILS: Record<string, string> = {
  'relative @type reference': 'a type value is neither a term defined by @context nor an absolute URL',
  'relative @id reference': 'an id value is not an absolute URL',
  'relative @vocab reference': 'a vocabulary value is not an absolute URL',
};

function fromJsonLd({ pointer, code, detail }: JsonLdIssue): IssueRequestIssue {
  const mapped =
    JSON_LD_CODES[code] ?? (/not known to this service/.test(detail) ? 'unknown-context' : 'invalid-json-ld');
  return issueAt(`${CREDENTIAL}${pointer}`, mapped, JSON_LD_DETAILS[code] ?? detail);
}

/**
 * JSON-LD safe mode (VC 2.0 §5.2 Extensibility; VC Data Integrity canonicalizes in safe mode): every
 * term must be defined by the credential's contexts and no protected term redefined. The installed v2
 * context has no `@vocab` (it moved to https://www.w3.org/ns/credentials/undefined-terms/v2), so
 * undefined terms fail under VC 2.0 as under 1.1 unless that context is listed. Expands the credential
 * as it will be signed (VC 1.1: with the Data Integrity context appended).
 */
async function checkJsonLd(
  credential: JsonObject,
  documentLoader: DocumentLoader,
): Promise<IssueRequestIssue[]> {
  const asSigned = { ...credential, '@context': contextAsSigned(credential) };
  const issues = (await checkSafeExpansion(asSigned, documentLoader)).map(fromJsonLd);
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.pointer} ${issue.code} ${issue.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function throwIfAny(issues: IssueRequestIssue[]): void {
  if (issues.length > 0) throw new IssueRequestError(issues);
}

/**
 * Validates a VC-API issue request body and returns the credential to sign, with `issuer` set to
 * `issuerDid` when the caller left it out (the issuer instance decides who signs; VC 2.0 §4.7 requires
 * the property). Throws {@link IssueRequestError} listing every problem with a pointer into the body.
 * A VC 1.1 credential without issuanceDate is accepted here; {@link issueCredential} dates it.
 */
export async function validateIssueRequest(
  body: unknown,
  { issuerDid, documentLoader }: ValidateIssueRequestContext,
): Promise<ValidIssueRequest> {
  const bodyIssues = checkBody(body);
  if (!isJsonObject(body) || !isJsonObject(body.credential)) throw new IssueRequestError(bodyIssues);
  const { credential: received, options } = body as { credential: JsonObject; options?: unknown };
  throwIfAny([...bodyIssues, ...checkCredential(received, issuerDid), ...checkOptions(options)]);
  // a JSON round trip: the copy holds only JSON (no undefined members), whatever the caller passed
  const credential = JSON.parse(JSON.stringify(received)) as JsonObject;
  if (credential.issuer === undefined) credential.issuer = issuerDid;
  throwIfAny(await checkContextsLoadable(credential, CREDENTIAL, documentLoader));
  throwIfAny(await checkJsonLd(credential, documentLoader));
  return { credential, options: isJsonObject(options) ? (options as IssueOptions) : {} };
}
