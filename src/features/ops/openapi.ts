import type { RouteSpec, ResponseSpec } from '../../http/routes.js';
import type { JsonSchema } from '../../http/validation.js';

type Json = Record<string, unknown>;

const componentName = (schema: JsonSchema): string =>
  String(schema.title ?? schema.$id.replace(/\.json$/, ''));

/** Rewrites our file-relative `$ref`s ("x.json#/properties/y") into OpenAPI component references. */
function rewriteRefs(node: unknown, names: Map<string, string>, self: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, names, self));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id') continue;
    if (key === '$ref' && typeof value === 'string') {
      const [file, fragment = ''] = value.split('#');
      const target = file ? names.get(file) : self;
      if (!target) throw new Error(`unknown schema reference ${value}`);
      out.$ref = `#/components/schemas/${target}${fragment}`;
    } else {
      out[key] = rewriteRefs(value, names, self);
    }
  }
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function responsesOf(route: RouteSpec, ref: (s: string | Json) => Json): Json {
  const out: Json = {};
  for (const [status, spec] of Object.entries(route.responses) as Array<[string, ResponseSpec]>) {
    if (Number(status) >= 400 && !spec.orProblem) {
      out[status] = problemResponse(spec.description);
      continue;
    }
    const types = spec.contentTypes ?? ['application/json'];
    const content = spec.schema
      ? Object.fromEntries(types.map((t) => [t, { schema: ref(spec.schema as string | Json) }]))
      : undefined;
    if (spec.orProblem && content) Object.assign(content, problemResponse('').content);
    out[status] = content ? { description: spec.description, content } : { description: spec.description };
  }
  const add = (status: number, description: string) => (out[status] ??= problemResponse(description));
  if (route.body || route.query)
    add(400, 'invalid request: malformed JSON, unknown or missing fields, wrong types');
  if (route.body) {
    add(413, 'request body too large');
    add(415, 'request body is not JSON');
  }
  if (route.auth !== 'public') {
    add(401, 'missing or unknown bearer token');
    add(403, 'a valid token of the wrong kind');
  }
  if (route.params) add(404, 'not found (or owned by another issuer)');
  add(500, 'internal error (logged; no details leave the service)');
  add(503, 'the store is unavailable, or the request ran past its deadline: try again after Retry-After');
  // a browser (preferring text/html) is told so on a page in its language (src/http/html.ts outagePage)
  Object.assign((out[503] as { content: Json }).content, { 'text/html': { schema: { type: 'string' } } });
  return out;
}

const SECURITY: Record<string, Json[]> = {
  admin: [{ adminToken: [] }],
  issuer: [{ issuerApiKey: [] }],
  any: [{ adminToken: [] }, { issuerApiKey: [] }],
  public: [],
};

function parametersOf(route: RouteSpec, ref: (s: string | Json) => Json): Json[] {
  return [
    ...Object.entries(route.params ?? {}).map(([name, description]) => ({
      name,
      in: 'path',
      required: true,
      description,
      schema: { type: 'string' },
    })),
    ...(route.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: false,
      description: q.description,
      schema: ref(q.schema),
    })),
  ];
}

/** A JSON body (with its schema's example), plus any other media types the route also accepts. */
function jsonRequestBody(route: RouteSpec, body: JsonSchema, ref: (s: string | Json) => Json): Json {
  return {
    required: true,
    content: {
      'application/json': {
        schema: ref(route.body as string),
        ...(body.example ? { example: body.example } : {}),
      },
      ...Object.fromEntries(
        Object.entries(route.bodyMedia ?? {}).map(([type, media]) => [
          type,
          { schema: ref(media.schema), ...(media.encoding ? { encoding: media.encoding } : {}) },
        ]),
      ),
    },
  };
}

function uploadRequestBody(upload: NonNullable<RouteSpec['upload']>): Json {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: [upload.field],
          properties: {
            [upload.field]: { type: 'string', format: 'binary', description: upload.description },
          },
        },
      },
    },
  };
}

function operation(
  route: RouteSpec,
  schemas: Map<string, JsonSchema>,
  ref: (s: string | Json) => Json,
): Json {
  const parameters = parametersOf(route, ref);
  const body = route.body ? schemas.get(route.body) : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: SECURITY[route.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: jsonRequestBody(route, body, ref) } : {}),
    ...(route.upload ? { requestBody: uploadRequestBody(route.upload) } : {}),
    responses: responsesOf(route, ref),
  };
}

/** OpenAPI 3.1 generated from the declared routes and the JSON Schemas in schemas/. */
export function buildOpenApi(
  routes: RouteSpec[],
  schemaList: JsonSchema[],
  info: { version: string; publicUrl: string },
): Json {
  const schemas = new Map(schemaList.map((s) => [s.$id, s]));
  const names = new Map(schemaList.map((s) => [s.$id, componentName(s)]));
  const ref = (s: string | Json): Json =>
    typeof s === 'string'
      ? { $ref: `#/components/schemas/${names.get(s) ?? s}` }
      : (rewriteRefs(s, names, '') as Json);
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route, schemas, ref);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tilts API',
      version: info.version,
      description: 'Issue and verify micro-credentials as Open Badges 3.0 and European Digital Credentials.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: info.publicUrl }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'the platform admin token (ADMIN_TOKEN)' },
        issuerApiKey: { type: 'http', scheme: 'bearer', description: 'an issuer API key (tilts_…)' },
      },
      schemas: Object.fromEntries(
        schemaList.map((s) => [componentName(s), rewriteRefs(s, names, componentName(s))]),
      ),
    },
  };
}
