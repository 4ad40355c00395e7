import { buildAchievement } from '../../core/ob3/achievement.js';
import { OB3_CONTEXT, paths } from '../../core/ob3/constants.js';
import { buildIssuerProfile } from '../../core/ob3/profile.js';
import { availableLanguages } from '../../core/ob3/text.js';
import { SUPERVISION, SUPERVISION_KEYS, type SupervisionKey } from '../../core/vocab/supervision.js';
import { LANGUAGES, type IssuerRecord, type Lang } from '../../core/types.js';
import { notFound } from '../../errors.js';
import { param } from '../../http/handler-helpers.js';
import { esc, htmlPage } from '../../http/html.js';
import type { RouteSpec } from '../../http/routes.js';
import type { AchievementsService } from './achievements.service.js';

const JSON_LD = ['application/ld+json', 'application/json', 'text/html'];

function renderEdition(achievement: Record<string, unknown>, lang: Lang): string {
  const alignments = (achievement.alignment as Array<Record<string, string>>) ?? [];
  const rows = alignments
    .map(
      (a) =>
        `<tr><td>${esc(a.targetFramework ?? '')}</td><td><a href="${esc(a.targetUrl)}" rel="noopener">${esc(a.targetName)}</a></td></tr>`,
    )
    .join('');
  const criteria = (achievement.criteria as { narrative?: string }).narrative ?? '';
  const body = `<div class="card"><h1>${esc(achievement.name)}</h1><p>${esc(achievement.description)}</p>
<dl><dt>ECTS</dt><dd>${esc(achievement.creditsAvailable)}</dd><dt>Field</dt><dd>${esc(achievement.fieldOfStudy)}</dd>
<dt>Version</dt><dd>${esc(achievement.version)}</dd><dt>Id</dt><dd><code>${esc(achievement.id)}</code></dd></dl></div>
<div class="card"><h2>Criteria and learning outcomes</h2><pre style="white-space:pre-wrap">${esc(criteria)}</pre></div>
<div class="card"><h2>Alignments</h2><table>${rows}</table>
<p class="muted"><a href="?format=json">JSON-LD</a></p></div>`;
  return htmlPage({ title: String(achievement.name), lang, body });
}

/** Public, dereferenceable ids inside credentials: achievement editions and our supervision concepts. */
export function publicAchievementRoutes(
  service: AchievementsService,
  issuerById: (id: string) => Promise<IssuerRecord | undefined>,
  publicUrl: string,
): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/achievements/{id}/{lang}',
      operationId: 'getAchievementEdition',
      tag: 'Public',
      auth: 'public',
      params: { id: 'achievement id', lang: 'language edition: en, lv or lt' },
      summary: 'One language edition of a micro-credential as an Open Badges 3.0 Achievement',
      description: 'The `achievement.id` of issued credentials. JSON-LD by default; HTML for browsers.',
      responses: {
        200: {
          description: 'the Achievement',
          contentTypes: ['application/ld+json', 'text/html'],
          schema: { type: 'object' },
        },
      },
      handler: async (req, res) => {
        const lang = param(req, 'lang') as Lang;
        if (!LANGUAGES.includes(lang)) throw notFound('Language edition');
        const record = await service.getPublic(param(req, 'id'));
        const issuer = await issuerById(record.issuerId);
        if (!issuer || !availableLanguages(record).includes(lang)) throw notFound('Language edition');
        const creator = buildIssuerProfile(issuer, lang, publicUrl);
        const achievement = {
          '@context': [...OB3_CONTEXT].slice(0, 2),
          ...buildAchievement(record, { lang, publicUrl, issuer, creator }),
        };
        res.vary('Accept').setHeader('Cache-Control', 'public, max-age=300');
        if (req.query.format !== 'json' && req.accepts(JSON_LD) === 'text/html')
          res.type('html').send(renderEdition(achievement, lang));
        else res.type('application/ld+json').send(JSON.stringify(achievement));
      },
    },
    {
      method: 'get',
      path: '/achievements/{id}',
      operationId: 'resolveAchievement',
      tag: 'Public',
      auth: 'public',
      params: { id: 'achievement id' },
      summary: 'A micro-credential: redirects to the language edition the client prefers',
      responses: { 303: { description: 'see the edition in the preferred language' } },
      handler: async (req, res) => {
        const record = await service.getPublic(param(req, 'id'));
        const editions = availableLanguages(record);
        const lang = (req.acceptsLanguages(...editions) || editions[0]) as string;
        res.vary('Accept-Language').redirect(303, paths.achievementEdition(publicUrl, record.id, lang));
      },
    },
    {
      method: 'get',
      path: '/vocab/supervision/{key}',
      operationId: 'getSupervisionConcept',
      tag: 'Public',
      auth: 'public',
      params: { key: 'concept key' },
      summary: 'Supervision and identity verification during assessment (EU Recommendation, Annex I)',
      description:
        'The concepts Tilts mints for the four combinations the Recommendation names, used as alignment targets.',
      responses: { 200: { description: 'the concept with its labels', schema: { type: 'object' } } },
      handler: (req, res) => {
        const key = param(req, 'key') as SupervisionKey;
        if (!SUPERVISION_KEYS.includes(key)) throw notFound('Concept');
        res.setHeader('Cache-Control', 'public, max-age=86400');
        res.json({
          id: `${paths.supervisionVocabulary(publicUrl)}/${key}`,
          type: 'Concept',
          prefLabel: SUPERVISION[key],
        });
      },
    },
  ];
}
