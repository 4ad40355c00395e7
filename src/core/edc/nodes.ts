import type { IssuerRecord, Lang, LangMap } from '../types.js';
import { countryConcept, FIXED, langMap, SCHEMES, concept } from './concepts.js';
import type { EdcOrganisation, SealIdentity } from './types.js';

/** Node ids inside one EDC: `urn:epass:<kind>:<credential id>:<n>`, unique and stable per build. */
export type NodeIds = (kind: string) => string;

export function createNodeIds(credentialId: string): NodeIds {
  let n = 0;
  return (kind) => `urn:epass:${kind}:${credentialId}:${(n += 1)}`;
}

export type JsonNode = Record<string, unknown>;

/** ELM `Note`: free text as a language map. */
export function note(ids: NodeIds, text: LangMap): JsonNode {
  return { id: ids('note'), type: 'Note', noteLiteral: text };
}

/** ELM `Location` with the address country (mandatory for an Organisation in EDC-generic). */
export function location(ids: NodeIds, countryCode: string, langs: readonly Lang[]): JsonNode {
  return {
    id: ids('location'),
    type: 'Location',
    address: { id: ids('address'), type: 'Address', countryCode: countryConcept(countryCode, langs) },
  };
}

function webResource(ids: NodeIds, url: string): JsonNode {
  return { id: ids('webResource'), type: 'WebResource', contentURL: url };
}

/** The issuing organisation: legal name, location, registration, and the eIDAS identifier of its seal. */
export function issuerOrganisation(
  ids: NodeIds,
  issuer: IssuerRecord,
  seal: SealIdentity,
  langs: readonly Lang[],
): JsonNode {
  return {
    id: `urn:epass:org:${issuer.id}`,
    type: 'Organisation',
    legalName: langMap(issuer.legalName, langs),
    eIDASIdentifier: {
      id: ids('legalIdentifier'),
      type: 'LegalIdentifier',
      notation: seal.notation,
      spatial: countryConcept(seal.country, langs),
    },
    registration: {
      id: ids('legalIdentifier'),
      type: 'LegalIdentifier',
      notation: issuer.legalIdentifier.value,
      spatial: countryConcept(issuer.legalIdentifier.country, langs),
    },
    location: location(ids, issuer.country, langs),
    homepage: webResource(ids, issuer.homepage),
    contactPoint: {
      id: ids('contactPoint'),
      type: 'ContactPoint',
      emailAddress: { id: `mailto:${issuer.email}`, type: 'Mailbox' },
    },
  };
}

/** Another organisation the record names (QA body, awarding body). */
export function organisation(ids: NodeIds, org: EdcOrganisation, langs: readonly Lang[]): JsonNode {
  return {
    id: ids('org'),
    type: 'Organisation',
    legalName: langMap(org.name, langs),
    location: location(ids, org.country, langs),
    ...(org.homepage ? { homepage: webResource(ids, org.homepage) } : {}),
    ...(org.identifier
      ? { identifier: { id: ids('identifier'), type: 'Identifier', notation: org.identifier } }
      : {}),
  };
}

/** ELM `MediaObject` holding a base64 PNG. */
export function pngMediaObject(ids: NodeIds, base64: string): JsonNode {
  return {
    id: ids('mediaObject'),
    type: 'MediaObject',
    content: base64,
    contentEncoding: concept(FIXED.base64, SCHEMES.encoding),
    contentType: concept(FIXED.png, SCHEMES.fileType),
  };
}
