import { createVocabulary, type Labels, type Vocabulary } from './concept.js';

/**
 * Supervision and identity verification during assessment, an optional element of the Council
 * Recommendation on micro-credentials (2022/C 243/02), Annex I: "unsupervised with no identity
 * verification, supervised with no identity verification, supervised online or onsite with identity
 * verification".
 *
 * No EU controlled vocabulary encodes these four combinations, so Tilts mints its own stable URIs:
 * `<baseUri>/<key>`, where the composition root passes `${PUBLIC_URL}/vocab/supervision` (the HTTP layer
 * may serve a human-readable page there; the URI is an identifier first). The keys and labels are the
 * same everywhere; only the base differs per deployment.
 */
export const SUPERVISION_KEYS = [
  'unsupervised-no-identity-verification',
  'supervised-no-identity-verification',
  'supervised-online-identity-verification',
  'supervised-onsite-identity-verification',
] as const;
export type SupervisionKey = (typeof SUPERVISION_KEYS)[number];

/** The labels (the text-only form of the four combinations). */
export const SUPERVISION: Readonly<Record<SupervisionKey, Labels>> = {
  'unsupervised-no-identity-verification': {
    en: 'Unsupervised, no identity verification',
    lv: 'Bez uzraudzības, bez identitātes pārbaudes',
    lt: 'Be priežiūros, be tapatybės patikrinimo',
  },
  'supervised-no-identity-verification': {
    en: 'Supervised, no identity verification',
    lv: 'Ar uzraudzību, bez identitātes pārbaudes',
    lt: 'Prižiūrima, be tapatybės patikrinimo',
  },
  'supervised-online-identity-verification': {
    en: 'Supervised online, with identity verification',
    lv: 'Uzraudzīta tiešsaistē, ar identitātes pārbaudi',
    lt: 'Prižiūrima nuotoliniu būdu, tikrinant tapatybę',
  },
  'supervised-onsite-identity-verification': {
    en: 'Supervised on-site, with identity verification',
    lv: 'Uzraudzīta klātienē, ar identitātes pārbaudi',
    lt: 'Prižiūrima vietoje, tikrinant tapatybę',
  },
};

export const SUPERVISION_FRAMEWORK = {
  en: 'EU Council Recommendation on micro-credentials (2022): supervision and identity verification',
  lv: 'ES Padomes ieteikums par mikrokvalifikācijām (2022): uzraudzība un identitātes pārbaude',
  lt: 'ES Tarybos rekomendacija dėl mikrokredencialų (2022): priežiūra ir tapatybės patikrinimas',
} as const;

export function isSupervisionKey(key: unknown): key is SupervisionKey {
  return typeof key === 'string' && (SUPERVISION_KEYS as readonly string[]).includes(key);
}

/** The supervision vocabulary with URIs under `baseUri` (trailing slashes are ignored). */
export function supervisionVocabulary(baseUri: string): Vocabulary<SupervisionKey> {
  const base = baseUri.replace(/\/+$/, '');
  return createVocabulary(
    SUPERVISION_KEYS.map((key) => ({ key, uri: `${base}/${key}`, label: SUPERVISION[key] })),
  );
}
