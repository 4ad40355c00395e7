import { CONTEXTS } from '../jsonld/contexts.js';

/** The two status purposes Tilts issues; `message` lists are not used. */
export type StatusPurpose = 'revocation' | 'suspension';

/** A `credentialStatus` entry (Bitstring Status List v1.0, "BitstringStatusListEntry"). */
export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export interface StatusListCredentialInput {
  /** URL the list credential is published at; the entries' `statusListCredential` */
  id: string;
  /** issuer id (URL or DID) */
  issuer: string;
  statusPurpose: StatusPurpose;
  /** from {@link encodeList} */
  encodedList: string;
  /** ISO 8601 date-time */
  validFrom: string;
  validUntil?: string;
}

/** An unsigned status list credential: plain JSON, ready for the signer. */
export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
  };
}

/**
 * An unsigned `BitstringStatusListCredential` (Bitstring Status List v1.0, "BitstringStatusListCredential").
 * The VC 2.0 base context defines every status-list term, so no second context is needed.
 */
export function buildStatusListCredential(input: StatusListCredentialInput): StatusListCredential {
  const { id, issuer, statusPurpose, encodedList, validFrom, validUntil } = input;
  return {
    '@context': [CONTEXTS.VC_V2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom,
    ...(validUntil ? { validUntil } : {}),
    credentialSubject: { id: `${id}#list`, type: 'BitstringStatusList', statusPurpose, encodedList },
  };
}

/**
 * The `credentialStatus` entry pointing at bit `index` of the list at `listUrl` (Bitstring Status List
 * v1.0, "BitstringStatusListEntry": `statusListIndex` is a base-10 string).
 */
export function buildStatusEntry({
  listUrl,
  index,
  purpose,
}: {
  listUrl: string;
  index: number;
  purpose: StatusPurpose;
}): BitstringStatusListEntry {
  if (!Number.isInteger(index) || index < 0) throw new RangeError('index must be a non-negative integer');
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}
