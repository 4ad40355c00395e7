import type { RouteSpec } from '../../http/routes.js';
import { principalOf } from '../../http/auth.js';
import { query } from '../../http/handler-helpers.js';
import { PAGE_QUERY, readPaging } from '../shared/paging.js';
import type { AuditLog } from './audit.repository.js';

export const auditRoutes = (audit: AuditLog): RouteSpec[] => [
  {
    method: 'get',
    path: '/api/v1/audit',
    operationId: 'listAuditEvents',
    tag: 'Audit',
    auth: 'any',
    query: PAGE_QUERY,
    summary: 'The audit log, oldest first (an issuer key sees its own events; the admin sees all)',
    responses: { 200: { description: 'a page of audit events', schema: 'page.json' } },
    handler: async (req, res) => {
      const principal = principalOf(res);
      const filter = principal.kind === 'issuer' ? { issuerId: principal.issuerId } : {};
      res.json(await audit.list(filter, readPaging(query(req))));
    },
  },
];
