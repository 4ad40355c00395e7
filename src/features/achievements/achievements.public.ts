import type { Request, Response } from 'express';
import { paths } from '../../core/ob3/constants.js';
import { availableLanguages } from '../../core/ob3/text.js';
import { LANGUAGES, type AchievementRecord, type Lang } from '../../core/types.js';
import { LEGACY_SUPERVISION, SUPERVISION } from '../../core/vocab/supervision.js';
import { notFound } from '../../errors.js';
import { param, query } from '../../http/handler-helpers.js';
import type { RouteSpec } from '../../http/routes.js';
import { PAGE_QUERY, readPaging } from '../shared/paging.js';
import { achievementOf } from './editions.js';
import { renderEdition } from './edition.page.js';
import type { AchievementsService } from './achievements.service.js';

const JSON_LD = ['application/ld+json', 'application/json', 'text/html'];

function langOf(req: Request): Lang {
  const lang = param(req, 'lang') as Lang;
  if (!LANGUAGES.includes(lang)) throw notFound('Language edition');
  return lang;
}

function versionOf(req: Request): number {
  const raw = param(req, 'version');
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw notFound('Version');
  return Number(raw);
}

/**
 * RFC 5829 version links: a signed edition cannot name the versions made after it, so its URL does.
 * `latest-version` is the newest edition in this language (or the achievement, which redirects).
 */
function versionLinks(publicUrl: string, record: AchievementRecord, lang: Lang, version?: number): string {
  const edition = (n: number) => paths.achievementEdition(publicUrl, record.id, n, lang);
  const latest = availableLanguages(record).includes(lang)
    ? edition(record.version)
    : paths.achievement(publicUrl, record.id);
  const links = [`<${latest}>; rel="latest-version"`];
  if (version !== undefined && version > 1)
    links.push(`<${edition(version - 1)}>; rel="predecessor-version"`);
  if (version !== undefined && version < record.version)
    links.push(`<${edition(version + 1)}>; rel="successor-version"`);
  links.push(`<${paths.achievementVersions(publicUrl, record.id)}>; rel="version-history"`);
  return links.join(', ');
}

/** Sends an edition document exactly as kept (JSON-LD), or its HTML view to browsers. */
function sendEdition(req: Request, res: Response, document: string, lang: Lang, newer?: string): void {
  res.vary('Accept').setHeader('Cache-Control', 'public, max-age=300');
  if (req.query.format !== 'json' && req.accepts(JSON_LD) === 'text/html')
    res.type('html').send(renderEdition(achievementOf(document), lang, newer));
  else res.type('application/ld+json').send(document);
}

const EDITION_RESPONSE = {
  200: {
    description: 'the Achievement (the document credentials of this edition embed)',
    contentTypes: ['application/ld+json', 'text/html'],
    schema: { type: 'object' },
  },
};

function versionEditionRoute(service: AchievementsService, publicUrl: string): RouteSpec {
  return {
    method: 'get',
    path: '/achievements/{id}/v/{version}/{lang}',
    operationId: 'getAchievementEdition',
    tag: 'Public',
    auth: 'public',
    params: { id: 'achievement id', version: 'version number (1, 2, …)', lang: 'en, lv or lt' },
    summary: 'One language edition of one version of a micro-credential (OB 3.0 Achievement)',
    description:
      'The `achievement.id` of issued credentials. Once a credential uses an edition it never changes: this URL serves the document that was signed, byte for byte. `Link` headers name the previous, next and latest versions and the version history. JSON-LD by default; HTML for browsers.',
    responses: EDITION_RESPONSE,
    handler: async (req, res) => {
      const [lang, version] = [langOf(req), versionOf(req)];
      const record = await service.getPublic(param(req, 'id'));
      const document = await service.editions.document(record, version, lang);
      if (!document) throw notFound('Language edition');
      res.setHeader('Link', versionLinks(publicUrl, record, lang, version));
      const newer = version < record.version ? paths.achievement(publicUrl, record.id) : undefined;
      sendEdition(req, res, document, lang, newer);
    },
  };
}

function versionsRoute(service: AchievementsService): RouteSpec {
  return {
    method: 'get',
    path: '/achievements/{id}/versions',
    operationId: 'getAchievementVersions',
    tag: 'Public',
    auth: 'public',
    params: { id: 'achievement id' },
    query: PAGE_QUERY,
    summary: 'The version history of a micro-credential, newest first',
    responses: { 200: { description: 'a page of versions', schema: 'page.json' } },
    handler: async (req, res) => {
      res.json(await service.versions(param(req, 'id'), readPaging(query(req))));
    },
  };
}

function legacyEditionRoute(service: AchievementsService, publicUrl: string): RouteSpec {
  return {
    method: 'get',
    path: '/achievements/{id}/{lang}',
    operationId: 'getLegacyAchievementEdition',
    tag: 'Public',
    auth: 'public',
    params: { id: 'achievement id', lang: 'en, lv or lt' },
    summary: 'The edition id of credentials issued before versioning',
    description:
      'Serves, unchanged, the edition the credentials carrying this id were signed with; otherwise redirects to the latest edition in this language.',
    responses: { ...EDITION_RESPONSE, 303: { description: 'see the latest edition' } },
    handler: async (req, res) => {
      const lang = langOf(req);
      const record = await service.getPublic(param(req, 'id'));
      res.setHeader('Link', versionLinks(publicUrl, record, lang));
      const document = await service.editions.legacyDocument(record.id, lang);
      const newer = record.version > 1 ? paths.achievement(publicUrl, record.id) : undefined;
      if (document) return sendEdition(req, res, document, lang, newer);
      if (!availableLanguages(record).includes(lang)) throw notFound('Language edition');
      res.redirect(303, paths.achievementEdition(publicUrl, record.id, record.version, lang));
    },
  };
}

function editionRoutes(service: AchievementsService, publicUrl: string): RouteSpec[] {
  return [
    versionEditionRoute(service, publicUrl),
    versionsRoute(service),
    legacyEditionRoute(service, publicUrl),
  ];
}

function resolveAchievementRoute(service: AchievementsService, publicUrl: string): RouteSpec {
  return {
    method: 'get',
    path: '/achievements/{id}',
    operationId: 'resolveAchievement',
    tag: 'Public',
    auth: 'public',
    params: { id: 'achievement id' },
    summary: 'A micro-credential: redirects to the latest edition in the language the client prefers',
    responses: { 303: { description: 'see the edition in the preferred language' } },
    handler: async (req, res) => {
      const record = await service.getPublic(param(req, 'id'));
      const editions = availableLanguages(record);
      const lang = (req.acceptsLanguages(...editions) || editions[0]) as string;
      res
        .vary('Accept-Language')
        .redirect(303, paths.achievementEdition(publicUrl, record.id, record.version, lang));
    },
  };
}

/** An old supervision concept pointing at the EU concept that replaced it. */
function legacySupervisionConcept(publicUrl: string, key: string): Record<string, unknown> {
  const legacy = Object.hasOwn(LEGACY_SUPERVISION, key) ? LEGACY_SUPERVISION[key] : undefined;
  const eu = legacy && SUPERVISION.get(legacy.key);
  if (!legacy || !eu) throw notFound('Concept');
  // the EU concept does not say online or on-site: ours was narrower
  const broad = /-(online|onsite)-/.test(key);
  return {
    id: `${paths.legacySupervisionVocabulary(publicUrl)}/${key}`,
    type: 'Concept',
    prefLabel: legacy.label,
    [broad ? 'broadMatch' : 'exactMatch']: eu.uri,
  };
}

function legacySupervisionRoute(publicUrl: string): RouteSpec {
  return {
    method: 'get',
    path: '/vocab/supervision/{key}',
    operationId: 'getLegacySupervisionConcept',
    tag: 'Public',
    auth: 'public',
    params: { key: 'concept key' },
    summary: 'Supervision concepts Tilts used before the EU scheme (kept for credentials that name them)',
    description:
      'Each names the concept of the EU supervision-verification scheme that replaced it (`exactMatch`, or `broadMatch` where the EU concept does not say online or on-site).',
    responses: { 200: { description: 'the concept with its labels', schema: { type: 'object' } } },
    handler: (req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=86400');
      res.json(legacySupervisionConcept(publicUrl, param(req, 'key')));
    },
  };
}

/** Public, dereferenceable ids inside credentials: achievement editions, their history, old concept ids. */
export function publicAchievementRoutes(service: AchievementsService, publicUrl: string): RouteSpec[] {
  return [
    ...editionRoutes(service, publicUrl),
    resolveAchievementRoute(service, publicUrl),
    legacySupervisionRoute(publicUrl),
  ];
}
