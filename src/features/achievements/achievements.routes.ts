import type { RouteSpec } from '../../http/routes.js';
import type { Validator } from '../../http/validation.js';
import { crudRoutes } from '../shared/crud.routes.js';
import type { AchievementsService } from './achievements.service.js';

export const achievementRoutes = (service: AchievementsService, validator: Validator): RouteSpec[] =>
  crudRoutes(
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
    validator,
  );
