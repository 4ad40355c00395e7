/**
 * Rules for the credential properties whose values are typed objects: credentialStatus (VC 2.0 §4.10
 * Status, with Bitstring Status List §2.1 entries), credentialSchema (§4.11 Data Schemas),
 * refreshService (§5.4), termsOfUse (§5.5), evidence (§5.6) and relatedResource (§5.3).
 */
import type { JsonObject, JsonValue } from '../types.js';
import { checkRelatedResources as relatedResourceFindings } from '../verify/related-resources.js';
import { checkOptionalId, checkTypeValue, typeValues } from './credential-rules.js';
import type { IssueRequestIssue } from './issue-errors.js';
import { asArray, isJsonObject, isUrl, issueAt, pointerTo } from './values.js';

/** Properties whose every value "MUST specify its type" (VC 2.0 §4.5, the table of typed objects). */
export const TYPED_PROPERTIES = [
  'credentialStatus',
  'credentialSchema',
  'refreshService',
  'termsOfUse',
  'evidence',
] as const;

type TypedProperty = (typeof TYPED_PROPERTIES)[number];

/** Each value present: an object with a well-formed `type` and, if it has one, a URL `id`. */
function checkTypedObject(value: JsonValue, pointer: string, property: TypedProperty): IssueRequestIssue[] {
  if (!isJsonObject(value)) {
    return [issueAt(pointer, 'invalid-property', `each ${property} value must be an object`)];
  }
  const issues = checkOptionalId(value, pointer);
  if (value.type === undefined) {
    issues.push(
      issueAt(pointerTo(pointer, 'type'), 'missing-type', `each ${property} value must have a type`),
    );
  } else {
    issues.push(...checkTypeValue(value.type, pointerTo(pointer, 'type')));
  }
  return issues;
}

/** §4.11: "Each credentialSchema MUST specify its type … and an id property that MUST be a URL". */
function checkSchema(value: JsonObject, pointer: string): IssueRequestIssue[] {
  if (value.id !== undefined) return [];
  return [
    issueAt(pointerTo(pointer, 'id'), 'invalid-credential-schema', 'a credentialSchema must have an id URL'),
  ];
}

/**
 * Bitstring Status List §2.1: statusPurpose is required; statusListIndex "MUST be an arbitrary size
 * integer greater than or equal to 0, expressed as a string in base 10"; statusListCredential "MUST be
 * a URL to a verifiable credential"; the entry's own id "MUST NOT be the URL for the status list".
 */
function checkBitstringEntry(entry: JsonObject, pointer: string): IssueRequestIssue[] {
  const issues: IssueRequestIssue[] = [];
  const { statusPurpose, statusListIndex, statusListCredential, id } = entry;
  if (typeof statusPurpose !== 'string' || statusPurpose === '') {
    issues.push(
      issueAt(
        pointerTo(pointer, 'statusPurpose'),
        'invalid-status-entry',
        'statusPurpose must be a non-empty string',
      ),
    );
  }
  if (typeof statusListIndex !== 'string' || !/^\d+$/.test(statusListIndex)) {
    const detail = 'statusListIndex must be a non-negative integer written as a base-10 string';
    issues.push(issueAt(pointerTo(pointer, 'statusListIndex'), 'invalid-status-entry', detail));
  }
  if (!isUrl(statusListCredential)) {
    const detail = 'statusListCredential must be the URL of the status list credential';
    issues.push(issueAt(pointerTo(pointer, 'statusListCredential'), 'invalid-status-entry', detail));
  } else if (id === statusListCredential) {
    const detail = 'the status entry id must not be the URL of the status list';
    issues.push(issueAt(pointerTo(pointer, 'id'), 'invalid-status-entry', detail));
  }
  return issues;
}

function checkPropertySpecifics(
  property: TypedProperty,
  value: JsonObject,
  pointer: string,
): IssueRequestIssue[] {
  if (property === 'credentialSchema') return checkSchema(value, pointer);
  if (property === 'credentialStatus' && typeValues(value.type).includes('BitstringStatusListEntry')) {
    return checkBitstringEntry(value, pointer);
  }
  return [];
}

function checkTypedProperty(
  credential: JsonObject,
  base: string,
  property: TypedProperty,
): IssueRequestIssue[] {
  const value = credential[property];
  if (value === undefined) return [];
  const pointer = pointerTo(base, property);
  if (Array.isArray(value) && value.length === 0) {
    return [issueAt(pointer, 'invalid-property', `${property} must not be an empty array`)];
  }
  return asArray(value).flatMap((item, i) => {
    const itemPointer = Array.isArray(value) ? pointerTo(pointer, i) : pointer;
    const shape = checkTypedObject(item, itemPointer, property);
    if (shape.length > 0 || !isJsonObject(item)) return shape;
    return checkPropertySpecifics(property, item, itemPointer);
  });
}

/**
 * §5.3 Integrity of Related Resources: each relatedResource object has an `id` URL and at least one of
 * digestSRI / digestMultibase.
 */
function checkRelatedResources(credential: JsonObject, base: string): IssueRequestIssue[] {
  const value = credential.relatedResource;
  if (value === undefined) return [];
  const pointer = pointerTo(base, 'relatedResource');
  return asArray(value).flatMap((item, i) => {
    const itemPointer = Array.isArray(value) ? pointerTo(pointer, i) : pointer;
    const ok =
      isJsonObject(item) &&
      isUrl(item.id) &&
      (item.digestSRI !== undefined || item.digestMultibase !== undefined);
    if (ok) return [];
    const detail = 'each relatedResource must be an object with an id URL and digestSRI or digestMultibase';
    return [issueAt(itemPointer, 'invalid-related-resource', detail)];
  });
}

/**
 * §5.3: ids unique among the entries ("The value MUST be unique among the list of related resource
 * objects"), and digests of resources whose published digests we hold must match them.
 */
function checkRelatedDigests(credential: JsonObject, base: string): IssueRequestIssue[] {
  return relatedResourceFindings(credential.relatedResource)
    .filter((f) => f.kind === 'duplicate' || f.kind === 'mismatch')
    .map((f) => issueAt(`${base}${f.pointer}`, 'invalid-related-resource', f.detail));
}

export function checkTypedObjects(credential: JsonObject, base: string): IssueRequestIssue[] {
  const shape = checkRelatedResources(credential, base);
  return [
    ...TYPED_PROPERTIES.flatMap((property) => checkTypedProperty(credential, base, property)),
    ...shape,
    ...(shape.length === 0 ? checkRelatedDigests(credential, base) : []),
  ];
}
