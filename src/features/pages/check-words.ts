import type { Translate } from '../../i18n/index.js';
import type { PageReport } from './result.view.js';

type Check = PageReport['checks'][number];

/** Text for a page: in the reader's language, or (`lang: 'en'`) as the verifier wrote it. */
export interface Said {
  text: string;
  lang?: 'en';
}

/**
 * Passed checks whose outcome differs in kind (nothing to check, or checked less), recognised by the
 * verifier's fixed wording: [check id (an EDC's as `edc.<id>`), wording, catalogue key].
 */
const PASSED_VARIANTS: ReadonlyArray<[string, RegExp, string]> = [
  ['schema', /^no JSON Schema held for this credential$/, 'schema-none'],
  ['status', /^the credential has no credentialStatus$/, 'status-none'],
  ['endorsements', /^no endorsements$/, 'endorsements-none'],
  ['endorsements', /^nested endorsements are not followed$/, 'endorsements-nested'],
  ['issuer', /^issuer [^;]+$/, 'issuer-named'],
  ['edc.status', /^not a credential of this service: /, 'edc.status-unrecorded'],
];

/**
 * What a passed check established, in the reader's words: keyed by the check's stable id (an EDC's
 * checks by their own, `checkDetail.edc.*`). The verifier's English `detail` stays the API's; a
 * failing check is said by its stable code (`code.*`), its English detail kept as the technical detail.
 */
export function passedCheckWords(check: Check, report: PageReport, t: Translate): Said | undefined {
  if (!check.valid) return undefined;
  const id = report.summary.format === 'edc' ? `edc.${check.id}` : check.id;
  const variant = PASSED_VARIANTS.find(([of, wording]) => of === id && wording.test(check.detail));
  const key = `checkDetail.${variant?.[2] ?? id}`;
  const text = t(key);
  return text === key ? undefined : { text };
}

/**
 * The warnings the verifiers write (English sentences, stable in the API), each recognised by its
 * fixed wording and said in the reader's language; numbers are carried over.
 */
const WARNINGS: ReadonlyArray<[RegExp, string, string[]?]> = [
  [/^the seal certificate is self-signed: not qualified$/, 'seal-self-signed'],
  [/^the seal certificate claims to be qualified\b/, 'seal-claims-qualified'],
  [/^the seal certificate is not self-signed but was not checked against any trusted list$/, 'seal-unlisted'],
  [/^unsigned EDC: its content was checked, its origin was not$/, 'edc-unsigned'],
  [/^status and endorsements were not checked because the proof does not verify$/, 'unchecked-after-proof'],
  [
    /^the JWT proof was accepted; the embedded proofs it also carries were not checked$/,
    'jwt-embedded-unchecked',
  ],
  [/^the micro-credential lacks mandatory EU elements: /, 'eu-elements-missing'],
  [/^OB 3\.0 expects the issuer as a Profile object, not a bare id$/, 'issuer-bare-id'],
  [/^the OB 3\.0 @context should directly follow the base context$/, 'context-order'],
  [/ maps every undefined term; 1EdTech certification would refuse such terms$/, 'undefined-terms'],
  [/^the OB 3\.0 JSON Schemas describe VC 2\.0 credentials; /, 'schema-vc1'],
  [/^a credentialSchema entry without id was ignored$/, 'schema-without-id'],
  [/^credentialSchema .* is not supported; not checked$/, 'schema-unsupported'],
  [/^JSON Schema .* is not held by this verifier; not checked$/, 'schema-unknown'],
  [/^\d+ nested endorsement\(s\) were not verified \(nesting limit\)$/, 'endorsements-nested'],
  [/^only the first (\d+) of (\d+) endorsements were verified$/, 'endorsements-limited', ['max', 'count']],
  [/^endorsement .* does not verify: /, 'endorsement-invalid'],
  [/^no challenge was given: /, 'no-challenge'],
  [/^no domain was given: /, 'no-domain'],
];

/** A verifier's warning in the reader's language; one this table does not know stays in English. */
export function warningWords(warning: string, t: Translate): Said {
  for (const [pattern, key, names = []] of WARNINGS) {
    const match = pattern.exec(warning);
    if (!match) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1] ?? '']));
    return { text: t(`warning.${key}`, params) };
  }
  return { text: warning, lang: 'en' };
}
