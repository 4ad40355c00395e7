import type { RouteSpec, QueryParam } from '../../http/routes.js';
import { actorOf, param, query } from '../../http/handler-helpers.js';
import { issuerIdOf } from '../../http/auth.js';
import { invalid } from '../../errors.js';
import type { Validator } from '../../http/validation.js';
import type { Actor } from '../../actor.js';
import { PAGE_QUERY, readPaging, type Page, type PageRequest } from './paging.js';

export interface CrudService<R, C, U> {
  create(actor: Actor, input: C): Promise<R>;
  get(issuerId: string, id: string): Promise<R>;
  list(issuerId: string, paging: PageRequest, status?: string): Promise<Page<R>>;
  update(actor: Actor, id: string, changes: U): Promise<R>;
  archive(actor: Actor, id: string): Promise<R>;
}

export interface CrudOptions {
  /** collection path, e.g. /api/v1/achievements */
  base: string;
  tag: string;
  /** singular name for summaries, e.g. "achievement" */
  noun: string;
  /** operationId stem, e.g. Achievement */
  stem: string;
  schemas: { create: string; update: string; record: string };
}

const STATUS_QUERY: QueryParam = {
  name: 'status',
  description: 'active (default), archived or all',
  schema: { enum: ['active', 'archived', 'all'], default: 'active' },
};

function readStatus(q: Record<string, unknown>): string | undefined {
  const status = q.status ?? 'active';
  if (status !== 'active' && status !== 'archived' && status !== 'all')
    throw invalid('/query/status', 'must be active, archived or all');
  return status === 'all' ? undefined : status;
}

const createRecord =
  <R, C, U>(
    { base, schemas }: CrudOptions,
    service: CrudService<R, C, U>,
    validator: Validator,
  ): RouteSpec['handler'] =>
  async (req, res) => {
    const created = await service.create(actorOf(res), validator.check<C>(schemas.create, req.body));
    res
      .status(201)
      .location(`${base}/${(created as { id: string }).id}`)
      .json(created);
  };

const updateRecord =
  <R, C, U>(
    { schemas }: CrudOptions,
    service: CrudService<R, C, U>,
    validator: Validator,
  ): RouteSpec['handler'] =>
  async (req, res) => {
    res.json(
      await service.update(actorOf(res), param(req, 'id'), validator.check<U>(schemas.update, req.body)),
    );
  };

/** The collection: create a record, list them. */
function collectionRoutes<R, C, U>(
  opts: CrudOptions,
  service: CrudService<R, C, U>,
  validator: Validator,
): RouteSpec[] {
  const { base, tag, noun, stem, schemas } = opts;
  const listQuery = [...PAGE_QUERY, STATUS_QUERY];
  return [
    {
      method: 'post',
      path: base,
      operationId: `create${stem}`,
      tag,
      auth: 'issuer',
      body: schemas.create,
      summary: `Create a ${noun}`,
      responses: {
        201: { description: `the ${noun}`, schema: schemas.record },
        409: { description: 'a unique value is taken (a learner’s e-mail is unique per issuer)' },
        422: { description: 'valid JSON, but inconsistent' },
      },
      handler: createRecord(opts, service, validator),
    },
    {
      method: 'get',
      path: base,
      operationId: `list${stem}s`,
      tag,
      auth: 'issuer',
      query: listQuery,
      summary: `List ${noun}s (paged)`,
      responses: { 200: { description: `a page of ${noun}s`, schema: 'page.json' } },
      handler: async (req, res) => {
        const q = query(req);
        res.json(await service.list(issuerIdOf(res), readPaging(q, listQuery), readStatus(q)));
      },
    },
  ];
}

/** One record: read it, change it. */
function recordRoutes<R, C, U>(
  opts: CrudOptions,
  service: CrudService<R, C, U>,
  validator: Validator,
): RouteSpec[] {
  const { base, tag, noun, stem, schemas } = opts;
  const one = `${base}/{id}`;
  const params = { id: `${noun} id (uuid)` };
  return [
    {
      method: 'get',
      path: one,
      operationId: `get${stem}`,
      tag,
      auth: 'issuer',
      params,
      summary: `Read a ${noun}`,
      responses: { 200: { description: `the ${noun}`, schema: schemas.record } },
      handler: async (req, res) => {
        res.json(await service.get(issuerIdOf(res), param(req, 'id')));
      },
    },
    {
      method: 'patch',
      path: one,
      operationId: `update${stem}`,
      tag,
      auth: 'issuer',
      params,
      body: schemas.update,
      summary: `Change a ${noun}`,
      responses: {
        200: { description: `the changed ${noun}`, schema: schemas.record },
        409: { description: 'archived' },
        422: { description: 'inconsistent' },
      },
      handler: updateRecord(opts, service, validator),
    },
  ];
}

/** Archiving keeps the record readable: issued credentials refer to it. */
function archiveRoute<R, C, U>(opts: CrudOptions, service: CrudService<R, C, U>): RouteSpec {
  const { base, tag, noun, stem, schemas } = opts;
  const one = `${base}/{id}`;
  const params = { id: `${noun} id (uuid)` };
  return {
    method: 'post',
    path: `${one}/archive`,
    operationId: `archive${stem}`,
    tag,
    auth: 'issuer',
    params,
    summary: `Archive a ${noun}`,
    description:
      'Archived records stay readable (issued credentials refer to them) but can no longer be changed or used for new credentials.',
    responses: { 200: { description: `the archived ${noun}`, schema: schemas.record } },
    handler: async (req, res) => {
      res.json(await service.archive(actorOf(res), param(req, 'id')));
    },
  };
}

/** Create, read, update, list (paged) and archive of an issuer-scoped record kind. */
export function crudRoutes<R, C, U>(
  opts: CrudOptions,
  service: CrudService<R, C, U>,
  validator: Validator,
): RouteSpec[] {
  return [
    ...collectionRoutes(opts, service, validator),
    ...recordRoutes(opts, service, validator),
    archiveRoute(opts, service),
  ];
}
