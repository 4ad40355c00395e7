import { pickText } from '../../core/ob3/text.js';
import { keyMultibase, type PublishedKey } from '../../core/profile/issuer-profile.js';
import { countryName } from '../../core/vocab/country.js';
import { eqfLevel, labelIn } from '../../core/vocab/index.js';
import { LANGUAGES, type AchievementRecord, type IssuerRecord } from '../../core/types.js';
import { esc, type PageShell } from '../../http/html.js';
import { plural } from '../pages/format.js';

export interface ProfilePageInput {
  issuer: IssuerRecord;
  keys: PublishedKey[];
  /** the published Profile (JSON-LD): its id, and any DIDs it carries */
  profile: Record<string, unknown>;
  achievements: AchievementRecord[];
  /** URL of an achievement (it answers with the edition in the reader's language) */
  achievementUrl: (id: string) => string;
}

/** Notional hours, from the record shape of today (notionalHours) or of the workload model. */
function hoursOf(a: AchievementRecord): number | undefined {
  const record = a as unknown as { notionalHours?: number; workload?: { hours?: number } };
  return record.workload?.hours ?? record.notionalHours;
}

const row = (label: string, value: string | undefined): string =>
  value ? `<div><dt>${esc(label)}</dt><dd>${value}</dd></div>` : '';

/** Every DID the profile names: its id, `alsoKnownAs`, `did`/`didKey` fields, DID identifiers. */
function didsOf(profile: Record<string, unknown>): string[] {
  const candidates: unknown[] = [profile.id, profile.did, profile.didKey, profile.didWeb];
  for (const value of [profile.alsoKnownAs, profile.otherIdentifier].flat())
    candidates.push(
      typeof value === 'object' && value ? (value as Record<string, unknown>).identifier : value,
    );
  const dids = candidates.filter((c): c is string => typeof c === 'string' && c.startsWith('did:'));
  return [...new Set(dids)];
}

function about(input: ProfilePageInput, shell: PageShell): string {
  const { issuer, profile } = input;
  const { t, lang } = shell;
  const names = LANGUAGES.filter((l) => issuer.legalName[l])
    .map((l) => `<span lang="${l}">${esc(issuer.legalName[l])}</span>`)
    .join('<br>');
  const place = `${esc(countryName(issuer.country, lang))}${issuer.region ? `, ${esc(issuer.region)}` : ''}`;
  const registration = `${esc(issuer.legalIdentifier.value)} (${esc(countryName(issuer.legalIdentifier.country, lang))})`;
  const didDocument = `<a href="${esc(`${String(profile.id)}/did.json`)}">${esc(t('issuer.didDocument'))}</a>`;
  const dids = didsOf(profile)
    .map((d) => `<code>${esc(d)}</code>${d.startsWith('did:web:') ? ` (${didDocument})` : ''}`)
    .join('<br>');
  return `<dl class="pairs">${row(t('issuer.legalName'), names)}${row(t('issuer.registration'), registration)}
${row(t('issuer.location'), place)}
${row(t('issuer.website'), `<a href="${esc(issuer.homepage)}" rel="noopener">${esc(issuer.homepage)}</a>`)}
${row(t('issuer.email'), `<a href="mailto:${esc(issuer.email)}">${esc(issuer.email)}</a>`)}
${row(t('issuer.profileId'), `<code>${esc(profile.id)}</code>`)}${row(t('issuer.dids'), dids || undefined)}</dl>`;
}

function achievementList(input: ProfilePageInput, shell: PageShell): string {
  const { t, lang } = shell;
  if (input.achievements.length === 0) return `<p>${esc(t('issuer.noAchievements'))}</p>`;
  const items = input.achievements.map((a) => {
    const editions = LANGUAGES.filter((l) => a.title[l]);
    const edition = editions.includes(lang) ? lang : (editions[0] ?? 'en');
    const eqf = eqfLevel(a.eqfLevel);
    const hours = hoursOf(a);
    const facts = [eqf ? labelIn(eqf, lang) : '', hours ? plural(t, lang, 'plural.hours', hours) : '']
      .filter(Boolean)
      .join(' · ');
    return `<li><a href="${esc(input.achievementUrl(a.id))}" lang="${edition}">${esc(a.title[edition])}</a> <span class="muted">${esc(facts)}</span></li>`;
  });
  return `<ul class="achievements">${items.join('')}</ul>`;
}

function keyList(keys: PublishedKey[], shell: PageShell): string {
  const { t } = shell;
  const items = keys.map(
    (
      k,
    ) => `<li><span class="key-type">${esc(t(k.type === 'Ed25519' ? 'issuer.keyEd25519' : 'issuer.keyP256'))}</span>
<span class="badge ${k.status === 'retired' ? 'retired' : ''}">${esc(t(`issuer.key.${k.status}`))}</span>
<span class="muted">${esc(t('issuer.since', { date: k.createdAt.slice(0, 10) }))}</span><br><code>${esc(keyMultibase(k))}</code></li>`,
  );
  return `<ul class="keys">${items.join('')}</ul>`;
}

/** The human view of an issuer: who they are, their quality assurance, keys and micro-credentials. */
export function renderProfilePage(input: ProfilePageInput, shell: PageShell): string {
  const { issuer, keys } = input;
  const { t, lang } = shell;
  const name = pickText(issuer.legalName, lang) ?? issuer.slug;
  const qa = pickText(issuer.qualityAssurance, lang);
  const body = `<h1>${esc(name)}</h1><p class="lead">${esc(t('issuer.intro'))}</p>
<section class="card" aria-labelledby="about"><h2 id="about">${esc(t('issuer.about'))}</h2>${about(input, shell)}</section>
<section class="card" aria-labelledby="qa"><h2 id="qa">${esc(t('issuer.qualityAssurance'))}</h2><p>${qa ? esc(qa) : esc(t('issuer.noQualityAssurance'))}</p></section>
<section class="card" aria-labelledby="achievements"><h2 id="achievements">${esc(t('issuer.achievements'))}</h2>${achievementList(input, shell)}</section>
<section class="card" aria-labelledby="keys"><h2 id="keys">${esc(t('issuer.keys'))}</h2><p>${esc(t('issuer.keysIntro'))}</p>${keyList(keys, shell)}
<p class="muted">${esc(t('issuer.machineReadable'))}: <a href="?format=json">JSON-LD</a> · <a href="${esc(`/issuers/${issuer.slug}/jwks`)}">JWKS</a></p></section>`;
  return shell.render({ title: name, body });
}
