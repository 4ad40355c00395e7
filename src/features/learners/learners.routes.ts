import type { RouteSpec } from '../../http/routes.js';
import type { Validator } from '../../http/validation.js';
import { crudRoutes } from '../shared/crud.routes.js';
import type { LearnersService } from './learners.service.js';

export const learnerRoutes = (service: LearnersService, validator: Validator): RouteSpec[] =>
  crudRoutes(
    {
      base: '/api/v1/learners',
      tag: 'Learners',
      noun: 'learner',
      stem: 'Learner',
      schemas: { create: 'learner-create.json', update: 'learner-update.json', record: 'learner.json' },
    },
    service,
    validator,
  );
