import type { SupervisionKey } from '../types.js';
import { createVocabulary, type Labels } from './concept.js';

const BASE = 'http://data.europa.eu/snb/supervision-verification/';

/** The EU concept scheme, as ELM's `idVerification` range names it. */
export const SUPERVISION_SCHEME = `${BASE}25831c2`;

/**
 * Supervision and identity verification during assessment, an optional element of the Council
 * Recommendation on micro-credentials (2022/C 243/02), Annex I: the EU "supervision-verification"
 * scheme (http://data.europa.eu/snb/supervision-verification/25831c2), the range of ELM
 * `elm:idVerification`: its four concepts (supervised or not, with or without identity verification),
 * with their EU English labels; the Latvian and Lithuanian labels are Tilts' translations (the EU
 * publishes these concepts with English labels).
 *
 * Provenance: the reference data holds the scheme only as used. `c598449d64` ("Unsupervised without ID
 * Verification") is in the EC micro-credential sample and checked against it by the tests. The other
 * three ids were not found in any file available offline (`df2880c5cb` "Unsupervised with ID
 * verification" and `44314532f9` are used by public EDC implementations; `70be69aaf9` is unconfirmed):
 * compare them with the EU dataset (http://publications.europa.eu/resource/dataset/supervision-verification)
 * and add its file to the reference data when it is obtained.
 */
export const SUPERVISION = createVocabulary<SupervisionKey>([
  {
    key: 'supervised-with-id-verification',
    uri: `${BASE}70be69aaf9`,
    label: {
      en: 'Supervised with ID Verification',
      lv: 'Uzraudzīta, ar identitātes pārbaudi',
      lt: 'Prižiūrima, tikrinant tapatybę',
    },
  },
  {
    key: 'supervised-without-id-verification',
    uri: `${BASE}44314532f9`,
    label: {
      en: 'Supervised without ID Verification',
      lv: 'Uzraudzīta, bez identitātes pārbaudes',
      lt: 'Prižiūrima, netikrinant tapatybės',
    },
  },
  {
    key: 'unsupervised-with-id-verification',
    uri: `${BASE}df2880c5cb`,
    label: {
      en: 'Unsupervised with ID Verification',
      lv: 'Bez uzraudzības, ar identitātes pārbaudi',
      lt: 'Neprižiūrima, tikrinant tapatybę',
    },
  },
  {
    key: 'unsupervised-without-id-verification',
    uri: `${BASE}c598449d64`,
    label: {
      en: 'Unsupervised without ID Verification',
      lv: 'Bez uzraudzības, bez identitātes pārbaudes',
      lt: 'Neprižiūrima, netikrinant tapatybės',
    },
  },
]);

export const SUPERVISION_KEYS = SUPERVISION.keys;

export const SUPERVISION_FRAMEWORK = {
  en: 'EU supervision and verification methods',
  lv: 'ES uzraudzības un identitātes pārbaudes veidi',
  lt: 'ES priežiūros ir tapatybės tikrinimo būdai',
} as const;

export function isSupervisionKey(key: unknown): key is SupervisionKey {
  return SUPERVISION.isValid(key);
}

/**
 * The four keys Tilts used before it adopted the EU scheme, each with the EU concept it became. Old
 * credentials carry `PUBLIC_URL/vocab/supervision/<legacy key>`; that URL keeps resolving, and records
 * and requests are moved to the EU keys. "Online" and "on-site" supervision with identity verification
 * are both "Supervised with ID Verification" in the EU scheme (the mode of learning says where).
 */
export const LEGACY_SUPERVISION: Readonly<Record<string, { key: SupervisionKey; label: Labels }>> = {
  'unsupervised-no-identity-verification': {
    key: 'unsupervised-without-id-verification',
    label: {
      en: 'Unsupervised, no identity verification',
      lv: 'Bez uzraudzības, bez identitātes pārbaudes',
      lt: 'Be priežiūros, be tapatybės patikrinimo',
    },
  },
  'supervised-no-identity-verification': {
    key: 'supervised-without-id-verification',
    label: {
      en: 'Supervised, no identity verification',
      lv: 'Ar uzraudzību, bez identitātes pārbaudes',
      lt: 'Prižiūrima, be tapatybės patikrinimo',
    },
  },
  'supervised-online-identity-verification': {
    key: 'supervised-with-id-verification',
    label: {
      en: 'Supervised online, with identity verification',
      lv: 'Uzraudzīta tiešsaistē, ar identitātes pārbaudi',
      lt: 'Prižiūrima nuotoliniu būdu, tikrinant tapatybę',
    },
  },
  'supervised-onsite-identity-verification': {
    key: 'supervised-with-id-verification',
    label: {
      en: 'Supervised on-site, with identity verification',
      lv: 'Uzraudzīta klātienē, ar identitātes pārbaudi',
      lt: 'Prižiūrima vietoje, tikrinant tapatybę',
    },
  },
};
