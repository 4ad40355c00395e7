import { CONTEXTS } from '../jsonld/contexts.js';
import type { Lang } from '../types.js';
import { assessment, qualification } from './build-claim.js';
import { concept, FIXED, langMap, languageConcept, SCHEMES, sameIn } from './concepts.js';
import {
  createNodeIds,
  issuerOrganisation,
  organisation,
  pngMediaObject,
  type JsonNode,
  type NodeIds,
} from './nodes.js';
import type { EdcBuildInput } from './types.js';

/** The SHACL shape set EDCs name in `credentialSchema` (ELM 3.2 EDC application profile). */
export const EDC_GENERIC_FULL = 'http://data.europa.eu/snb/model/ap/edc-generic-full';

export type EuropeanDigitalCredential = JsonNode & { id: string };

/** Our credential id back from an EDC id (`urn:credential:<uuid>`), or undefined. */
export function credentialIdOf(edcId: unknown): string | undefined {
  const match = typeof edcId === 'string' ? /^urn:credential:([0-9a-f-]{36})$/i.exec(edcId) : null;
  return match?.[1];
}

function displayParameter(ids: NodeIds, input: EdcBuildInput, langs: readonly Lang[]): JsonNode {
  return {
    id: ids('displayParameter'),
    type: 'DisplayParameter',
    title: langMap(input.achievement.title, langs),
    language: langs.map((l) => languageConcept(l, langs)),
    primaryLanguage: languageConcept(input.award.language, langs),
    individualDisplay: langs.map((l) => ({
      id: ids('individualDisplay'),
      type: 'IndividualDisplay',
      language: languageConcept(l, langs),
      displayDetail: [
        {
          id: ids('displayDetail'),
          type: 'DisplayDetail',
          page: 1,
          image: pngMediaObject(ids, input.pageImage),
        },
      ],
    })),
  };
}

function credentialSubject(
  ids: NodeIds,
  input: EdcBuildInput,
  issuer: JsonNode,
  langs: readonly Lang[],
): JsonNode {
  const { learner, achievement, award } = input;
  const awardingProcess = ids('awardingProcess');
  // the issuer node itself (same ids, same triples) when the issuer is also the awarding body
  const awardingBody = achievement.awardingBody ? organisation(ids, achievement.awardingBody, langs) : issuer;
  return {
    id: learner.did ?? `urn:epass:person:${input.credentialId}`,
    type: 'Person',
    // a name is not translated, and EDC-generic allows one value: tagged with the credential's language
    givenName: sameIn(learner.givenName, [award.language]),
    familyName: sameIn(learner.familyName, [award.language]),
    fullName: sameIn(`${learner.givenName} ${learner.familyName}`, [award.language]),
    hasClaim: {
      id: ids('learningAchievement'),
      type: 'LearningAchievement',
      title: langMap(achievement.title, langs),
      description: langMap(achievement.description, langs),
      awardedBy: {
        id: awardingProcess,
        type: 'AwardingProcess',
        awardingDate: award.awardedDate,
        awardingBody,
      },
      provenBy: assessment(ids, achievement, awardingProcess, award.result),
      specifiedBy: qualification(ids, achievement),
    },
  };
}

/**
 * Builds the unsigned European Digital Credential (ELM 3.2, EDC application profile: VC 1.1 JSON-LD
 * with the `edc-ap` context, validated by the `edc-generic-full` SHACL shapes) for one award. Pure:
 * ids, the seal identity, the sealing time and the page image come from the caller.
 */
export function buildEuropeanDigitalCredential(input: EdcBuildInput): EuropeanDigitalCredential {
  const langs = input.achievement.languages;
  const ids = createNodeIds(input.credentialId);
  const issuer = issuerOrganisation(ids, input.issuer, input.seal, langs);
  return {
    '@context': [CONTEXTS.VC_V1, CONTEXTS.EDC_AP],
    id: `urn:credential:${input.credentialId}`,
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    credentialSchema: { id: EDC_GENERIC_FULL, type: 'ShaclValidator2017' },
    credentialProfiles: concept(FIXED.genericProfile, SCHEMES.credential, { en: 'Generic' }, langs),
    issuanceDate: input.issued,
    issued: input.issued,
    validFrom: input.award.awardedDate,
    ...(input.award.validUntil ? { validUntil: input.award.validUntil } : {}),
    issuer,
    displayParameter: displayParameter(ids, input, langs),
    credentialSubject: credentialSubject(ids, input, issuer, langs),
  };
}
