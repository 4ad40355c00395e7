import { buildAchievement } from '../../core/ob3/achievement.js';
import { OB3_CONTEXT, paths } from '../../core/ob3/constants.js';
import { buildIssuerProfile } from '../../core/ob3/profile.js';
import { availableLanguages } from '../../core/ob3/text.js';
import type { Achievement } from '../../core/ob3/types.js';
import type { AchievementRecord, IssuerRecord, Lang, LangMap } from '../../core/types.js';
import { notFound } from '../../errors.js';
import type { ScopedRepository } from '../shared/scoped-repository.js';
import { isExternalRef } from './achievement-rules.js';
import type { EditionsRepository } from './editions.repository.js';
import { editionKey, legacyEditionKey, recordAtVersion } from './versioning.js';

/** An edition served on its own carries the VC and OB contexts (extensions.json is for credentials). */
const EDITION_CONTEXT = OB3_CONTEXT.slice(0, 2);

export interface EditionsDeps {
  repo: ScopedRepository<AchievementRecord>;
  editions: EditionsRepository;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  publicUrl: string;
  clock: () => Date;
}

/** The Achievement inside an edition document (the document without its `@context`). */
export function achievementOf(document: string): Achievement {
  const { '@context': _context, ...achievement } = JSON.parse(document) as Achievement & {
    '@context': unknown;
  };
  return achievement as Achievement;
}

/** Frozen editions kept in memory, at most (a miss is one read by `_id`). */
const FROZEN_EDITIONS_KEPT = 512;

/** Titles of the issuer's own achievements this one stacks with, for naming them in alignments. */
async function linkedTitles(
  { repo }: EditionsDeps,
  record: AchievementRecord,
): Promise<Record<string, LangMap>> {
  const refs = [...(record.stackability?.isPartOf ?? []), ...(record.stackability?.combines ?? [])];
  const titles: Record<string, LangMap> = {};
  for (const ref of refs.filter((r) => !isExternalRef(r))) {
    const linked = await repo.get(record.issuerId, ref);
    if (linked) titles[ref] = linked.title;
  }
  return titles;
}

async function previousOf({ editions }: EditionsDeps, record: AchievementRecord) {
  if (record.version <= 1) return undefined;
  const before = await editions.getVersion(record.id, record.version - 1);
  if (!before) return undefined;
  const languages = availableLanguages(recordAtVersion(record, before.version, before.content));
  return { version: before.version, languages };
}

/** The edition document of a record (current or past version), built now. */
async function render(deps: EditionsDeps, record: AchievementRecord, lang: Lang): Promise<string> {
  const { publicUrl } = deps;
  const issuer = await deps.issuerById(record.issuerId);
  if (!issuer) throw notFound('Issuer');
  const previous = await previousOf(deps, record);
  const achievement = buildAchievement(record, {
    lang,
    publicUrl,
    issuer,
    creator: buildIssuerProfile(issuer, lang, publicUrl),
    linkedAchievementTitles: await linkedTitles(deps, record),
    ...(previous ? { previous } : {}),
  });
  return JSON.stringify({ '@context': EDITION_CONTEXT, ...achievement });
}

/**
 * The document served at `/achievements/{id}/v/{version}/{lang}`: frozen if a credential uses it,
 * else built from that version; undefined when the version or language does not exist.
 */
async function editionDocument(
  deps: EditionsDeps,
  record: AchievementRecord,
  version: number,
  lang: Lang,
): Promise<string | undefined> {
  const { editions } = deps;
  if (!Number.isInteger(version) || version < 1 || version > record.version) return undefined;
  const stored = await editions.getEdition(editionKey(record.id, version, lang));
  if (stored) return stored;
  let source: AchievementRecord | undefined = record;
  if (version < record.version) {
    const past = await editions.getVersion(record.id, version);
    source = past && recordAtVersion(record, version, past.content);
  }
  if (!source || !availableLanguages(source).includes(lang)) return undefined;
  return render(deps, source, lang);
}

/**
 * Language editions of achievement versions (OB 3.0 §B.2.1 Achievement, one per language). The first
 * credential of a version and language freezes its edition: from then on that exact document is what
 * the credential's `achievement.id` serves and what every later credential of that edition embeds.
 */
export function createEditions(deps: EditionsDeps) {
  const { editions, publicUrl } = deps;
  // a frozen edition never changes (a new version is a new key): issuances read it from memory
  const frozen = new Map<string, string>();
  const remember = (key: string, document: string) => {
    frozen.set(key, document);
    if (frozen.size > FROZEN_EDITIONS_KEPT) frozen.delete(frozen.keys().next().value as string);
  };
  return {
    linkedTitles: (record: AchievementRecord) => linkedTitles(deps, record),

    /** The edition URLs of one version: one per language it was complete in. */
    editionUrls(record: AchievementRecord, version: number, content: Record<string, unknown>) {
      const languages = availableLanguages(recordAtVersion(record, version, content));
      return Object.fromEntries(
        languages.map((lang) => [lang, paths.achievementEdition(publicUrl, record.id, version, lang)]),
      ) as Partial<Record<Lang, string>>;
    },

    /** The edition a credential of this record's current version embeds: frozen on first use. */
    async freeze(record: AchievementRecord, lang: Lang): Promise<Achievement> {
      const key = editionKey(record.id, record.version, lang);
      const known = frozen.get(key);
      if (known) return achievementOf(known);
      const stored = await editions.getEdition(key);
      const document =
        stored ??
        (await editions.freezeEdition(key, record.id, await render(deps, record, lang), deps.clock()));
      remember(key, document);
      return achievementOf(document);
    },

    document: (record: AchievementRecord, version: number, lang: Lang): Promise<string | undefined> =>
      editionDocument(deps, record, version, lang),

    /** What a credential issued before versioning was signed with, at `/achievements/{id}/{lang}`. */
    legacyDocument: (id: string, lang: Lang): Promise<string | undefined> =>
      editions.getEdition(legacyEditionKey(id, lang)),
  };
}

export type Editions = ReturnType<typeof createEditions>;
