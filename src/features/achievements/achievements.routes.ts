import { LEGACY_SUPERVISION } from '../../core/vocab/supervision.js';
import { issuerIdOf } from '../../http/auth.js';
import { param, query } from '../../http/handler-helpers.js';
import type { RouteSpec } from '../../http/routes.js';
import type { Validator } from '../../http/validation.js';
import { crudRoutes } from '../shared/crud.routes.js';
import { PAGE_QUERY, readPaging } from '../shared/paging.js';
import { rejectRenamedFields } from './achievement-rules.js';
import type { AchievementsService } from './achievements.service.js';

/** The validator, answering fields of the earlier request shape with their replacement first. */
const withRenamedFields = (validator: Validator): Validator => ({
  ...validator,
  check<T>(schemaId: string, value: unknown, what?: string): T {
    rejectRenamedFields(value, LEGACY_SUPERVISION);
    return validator.check<T>(schemaId, value, what);
  },
});

export const achievementRoutes = (service: AchievementsService, validator: Validator): RouteSpec[] => [
  ...crudRoutes(
    {
      base: '/api/v1/achievements',
      tag: 'Achievements',
      noun: 'achievement',
      stem: 'Achievement',
      schemas: {
        create: 'achievement-create.json',
        update: 'achievement-update.json',
        record: 'achievement.json',
      },
    },
    service,
    withRenamedFields(validator),
  ),
  {
    method: 'get',
    path: '/api/v1/achievements/{id}/versions',
    operationId: 'listAchievementVersions',
    tag: 'Achievements',
    auth: 'issuer',
    params: { id: 'achievement id (uuid)' },
    query: PAGE_QUERY,
    summary: 'The version history of an achievement, newest first',
    description:
      'Every change of content makes the next version; each lists the fields it changed and the URLs of its language editions. Editions that credentials were issued with never change.',
    responses: { 200: { description: 'a page of versions', schema: 'page.json' } },
    handler: async (req, res) => {
      res.json(await service.versions(param(req, 'id'), readPaging(query(req)), issuerIdOf(res)));
    },
  },
];
