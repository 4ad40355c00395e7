/**
 * Shape rules for the core properties of a credential sent to the issuer: type, id, issuer,
 * credentialSubject, name/description and proof (VC 2.0 §4.4–§4.8, §4.12; VC 1.1 §4.2–§4.5).
 * Every rule returns the issues it finds; none throws.
 */
import type { JsonObject, JsonValue } from '../types.js';
import type { IssueRequestIssue } from './issue-errors.js';
import { isJsonObject, isUrl, issueAt, pointerTo } from './values.js';

/**
 * VC 2.0 §4.5 Types: "The value of the type property MUST be one or more terms and/or absolute URL
 * strings"; one value of a credential's type MUST be VerifiableCredential. Whether a term is defined is
 * left to the JSON-LD check.
 */
export function checkTypeValue(value: JsonValue, pointer: string): IssueRequestIssue[] {
  if (typeof value === 'string') {
    return value === '' ? [issueAt(pointer, 'invalid-type', 'a type must not be empty')] : [];
  }
  if (!Array.isArray(value) || value.length === 0) {
    return [issueAt(pointer, 'invalid-type', 'type must be a string or a non-empty array of strings')];
  }
  return value.flatMap((item, i) =>
    typeof item === 'string' && item !== ''
      ? []
      : [issueAt(pointerTo(pointer, i), 'invalid-type', 'each type must be a non-empty string')],
  );
}

export function typeValues(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function checkCredentialType(credential: JsonObject, base: string): IssueRequestIssue[] {
  const pointer = pointerTo(base, 'type');
  const type = credential.type;
  if (type === undefined) return [issueAt(pointer, 'missing-type', 'a credential must have a type property')];
  const shape = checkTypeValue(type, pointer);
  if (shape.length > 0) return shape;
  if (typeValues(type).includes('VerifiableCredential')) return [];
  return [issueAt(pointer, 'invalid-type', 'type must include "VerifiableCredential"')];
}

/** VC 2.0 §4.4 Identifiers: "If present, the value of the id property MUST be a single URL". */
export function checkOptionalId(object: JsonObject, base: string): IssueRequestIssue[] {
  if (object.id === undefined || isUrl(object.id)) return [];
  return [issueAt(pointerTo(base, 'id'), 'invalid-id', 'id must be a single URL')];
}

/**
 * VC 2.0 §4.7 Issuer: "The value of the issuer property MUST be either a URL, or an object containing
 * an id property whose value is a URL". This service only signs as `issuerDid`, so any other issuer id
 * is refused; an absent issuer is filled in by the caller of this rule.
 */
export function checkIssuer(credential: JsonObject, base: string, issuerDid: string): IssueRequestIssue[] {
  const pointer = pointerTo(base, 'issuer');
  const issuer = credential.issuer;
  if (issuer === undefined) return [];
  const idPointer = isJsonObject(issuer) ? pointerTo(pointer, 'id') : pointer;
  const id = isJsonObject(issuer) ? issuer.id : issuer;
  if (typeof issuer !== 'string' && !isJsonObject(issuer)) {
    return [issueAt(pointer, 'invalid-issuer', 'issuer must be a URL or an object with an id URL')];
  }
  if (!isUrl(id)) return [issueAt(idPointer, 'invalid-issuer', 'the issuer id must be a URL')];
  if (id !== issuerDid) {
    return [issueAt(idPointer, 'issuer-mismatch', `this issuer signs only as ${issuerDid}, not as ${id}`)];
  }
  return isJsonObject(issuer) ? checkNamesAndDescriptions(issuer, pointer) : [];
}

function checkSubject(subject: JsonValue, pointer: string): IssueRequestIssue[] {
  if (!isJsonObject(subject)) {
    return [issueAt(pointer, 'invalid-credential-subject', 'each credential subject must be an object')];
  }
  if (Object.keys(subject).length === 0) {
    return [issueAt(pointer, 'invalid-credential-subject', 'a credential subject must make a claim')];
  }
  return checkOptionalId(subject, pointer);
}

/**
 * VC 2.0 §4.8 Credential Subject: a credential MUST have a credentialSubject, "a set of objects where
 * each object MUST be the subject of one or more claims". A subject holding only its `id` is accepted,
 * as the VC 2.0 test suite does (credential-subject-single-id-ok); an empty object is not.
 */
export function checkCredentialSubject(credential: JsonObject, base: string): IssueRequestIssue[] {
  const pointer = pointerTo(base, 'credentialSubject');
  const subject = credential.credentialSubject;
  if (subject === undefined) {
    return [issueAt(pointer, 'missing-credential-subject', 'a credential must have a credentialSubject')];
  }
  if (!Array.isArray(subject)) return checkSubject(subject, pointer);
  if (subject.length === 0) {
    return [issueAt(pointer, 'invalid-credential-subject', 'credentialSubject must not be an empty array')];
  }
  return subject.flatMap((item, i) => checkSubject(item, pointerTo(pointer, i)));
}

const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const VALUE_OBJECT_KEYS = new Set(['@value', '@language', '@direction']);

/** VC 2.0 §11.1 Language and Base Direction: a language value object. */
function isLanguageValue(value: JsonValue): boolean {
  if (typeof value === 'string') return true;
  if (!isJsonObject(value) || typeof value['@value'] !== 'string') return false;
  if (!Object.keys(value).every((key) => VALUE_OBJECT_KEYS.has(key))) return false;
  const { '@language': language, '@direction': direction } = value;
  if (language !== undefined && (typeof language !== 'string' || !LANGUAGE_TAG.test(language))) return false;
  return direction === undefined || direction === 'ltr' || direction === 'rtl';
}

/**
 * VC 2.0 §4.6 Names and Descriptions: "If present, the value of the name property MUST be a string or a
 * language value object" (likewise description); several languages come as an array of them.
 */
export function checkNamesAndDescriptions(object: JsonObject, base: string): IssueRequestIssue[] {
  const issues: IssueRequestIssue[] = [];
  for (const property of ['name', 'description'] as const) {
    const value = object[property];
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length > 0 && values.every(isLanguageValue)) continue;
    const code = property === 'name' ? 'invalid-name' : 'invalid-description';
    const detail = `${property} must be a string, a language value object ({"@value", "@language"?, "@direction"?}) or an array of them`;
    issues.push(issueAt(pointerTo(base, property), code, detail));
  }
  return issues;
}

/**
 * The issuer secures the credential itself (VC 2.0 §4.12 Securing Mechanisms); a credential that
 * already carries a proof is refused rather than silently turned into a proof set.
 */
export function checkNoProof(credential: JsonObject, base: string): IssueRequestIssue[] {
  if (credential.proof === undefined) return [];
  return [
    issueAt(pointerTo(base, 'proof'), 'proof-not-allowed', 'the credential to issue must not have a proof'),
  ];
}
