import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createApp } from '../../src/app.js';
import { ERROR_STATUS } from '../../src/errors.js';
import { ADMIN_TOKEN, bearer, startTestApp, type TestApp } from '../helpers/app.js';

type Json = Record<string, unknown>;
type Operation = Json & { operationId: string; requestBody?: { content: Record<string, Json> } };

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

/** "METHOD /path/{param}" for every route the express router really serves. */
function servedRoutes(app: ReturnType<typeof createApp>): string[] {
  const router = (app as unknown as { router: { stack: Array<{ route?: Json }> } }).router;
  const out: string[] = [];
  for (const layer of router.stack) {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    // app.all() layers are the 405 answers for methods a path does not serve (routes.ts mountRoutes)
    if (!route || route.methods._all) continue;
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    for (const [method, on] of Object.entries(route.methods))
      if (on) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out.sort();
}

function operations(doc: Json): Array<[string, string, Operation]> {
  const out: Array<[string, string, Operation]> = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
    for (const [method, op] of Object.entries(item))
      if (METHODS.includes(method)) out.push([method, path, op as Operation]);
  return out;
}

/** Replaces the values of fields named `…Id` (at any depth) with real ids. */
function withRealIds(value: unknown, ids: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withRealIds(v, ids));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      if (!/Id$/.test(k)) return [k, withRealIds(v, ids)];
      assert.ok(ids[k], `no real id for the example field ${k}`);
      return [k, ids[k]];
    }),
  );
}

describe('GET /openapi.json and /docs', () => {
  let t: TestApp;
  let doc: Json;
  const exampleOf = (operationId: string): Json => {
    const op = operations(doc).find(([, , o]) => o.operationId === operationId)?.[2];
    assert.ok(op, `no operation ${operationId}`);
    return structuredClone(op.requestBody?.content['application/json']?.example as Json);
  };

  before(async () => {
    t = await startTestApp('openapi');
    const res = await t.http.get('/openapi.json').expect(200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    doc = res.body;
  });
  after(() => t.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    assert.match(String(doc.openapi), /^3\.1\.\d+$/);
    const result = await new Validator().validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
  });

  it('resolves every $ref inside the document', () => {
    const refs = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object')
        for (const [k, v] of Object.entries(node)) {
          if (k === '$ref' && typeof v === 'string') refs.add(v);
          else walk(v);
        }
    };
    walk(doc);
    assert.ok(refs.size > 10);
    for (const ref of refs) {
      assert.ok(ref.startsWith('#/'), `${ref} is local`);
      const target = ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
      assert.ok(target !== undefined, `${ref} resolves`);
    }
  });

  it('describes exactly the routes the express app serves (compared both ways)', () => {
    const served = servedRoutes(createApp(t.deps));
    const documented = operations(doc)
      .map(([method, path]) => `${method.toUpperCase()} ${path}`)
      .sort();
    assert.ok(served.length >= 20, `the router introspection found ${served.length} routes`);
    assert.deepEqual(
      served.filter((r) => !documented.includes(r)),
      [],
      'served but not documented',
    );
    assert.deepEqual(
      documented.filter((r) => !served.includes(r)),
      [],
      'documented but not served',
    );
    const ids = operations(doc).map(([, , op]) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  it('documents security as the routes enforce it (401 without a token exactly where a token is required)', async () => {
    for (const [method, path, op] of operations(doc)) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.http[method as 'get'](url);
      const needsToken = (op.security as unknown[]).length > 0;
      assert.equal(res.status === 401, needsToken, `${method} ${path}: ${res.status}`);
      assert.ok(
        Object.keys(op.responses as Json).some((s) => /^[23]\d\d$/.test(s)),
        `${op.operationId} documents its success (2xx, or 3xx for a redirect)`,
      );
    }
  });

  it('gives every request body one complete example that its own schema accepts', () => {
    const bodies = t.deps.routes.filter((r) => r.body);
    assert.ok(bodies.length >= 6);
    for (const route of bodies) {
      const op = (doc.paths as Record<string, Record<string, Operation>>)[route.path]?.[route.method];
      assert.ok(op, `${route.method} ${route.path} is documented`);
      const media = op.requestBody?.content['application/json'];
      assert.ok(media?.example, `${op.operationId} has an example`);
      const schema = t.deps.validator.schemas().find((s) => s.$id === route.body);
      for (const name of (schema?.required as string[] | undefined) ?? [])
        assert.ok(name in (media.example as Json), `${op.operationId}: the example has ${name}`);
      assert.doesNotThrow(() => t.deps.validator.check(String(route.body), media.example), op.operationId);
    }
  });

  it('works as a tutorial: its examples, posted in order (issuer, achievement, learner, then changes), succeed', async () => {
    const issuer = await t.http
      .post('/api/v1/issuers')
      .set(...bearer(ADMIN_TOKEN))
      .send(exampleOf('createIssuer'));
    assert.equal(issuer.status, 201, issuer.text);
    const key = issuer.body.apiKey as string;
    const ids: Record<string, string> = { issuerId: issuer.body.id };
    const achievement = await t.http
      .post('/api/v1/achievements')
      .set(...bearer(key))
      .send(withRealIds(exampleOf('createAchievement'), ids) as Json);
    assert.equal(achievement.status, 201, achievement.text);
    ids.achievementId = achievement.body.id;
    const learner = await t.http
      .post('/api/v1/learners')
      .set(...bearer(key))
      .send(withRealIds(exampleOf('createLearner'), ids) as Json);
    assert.equal(learner.status, 201, learner.text);
    ids.learnerId = learner.body.id;
    assert.deepEqual(learner.body.familyName, exampleOf('createLearner').familyName);

    const followUps: Array<[string, string, string]> = [
      ['updateIssuer', `/api/v1/issuers/${ids.issuerId}`, key],
      ['createApiKey', `/api/v1/issuers/${ids.issuerId}/api-keys`, ADMIN_TOKEN],
      ['updateAchievement', `/api/v1/achievements/${ids.achievementId}`, key],
      ['updateLearner', `/api/v1/learners/${ids.learnerId}`, key],
    ];
    for (const [operationId, url, token] of followUps) {
      const [method] = operations(doc).find(([, , op]) => op.operationId === operationId) ?? [];
      assert.ok(method, `no operation ${operationId}`);
      const res = await t.http[method as 'post'](url)
        .set(...bearer(token))
        .send(withRealIds(exampleOf(operationId), ids) as Json);
      assert.ok(res.status === 200 || res.status === 201, `${operationId}: ${res.status} ${res.text}`);
    }

    const issued = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(key))
      .send(withRealIds(exampleOf('issueCredential'), ids) as Json);
    assert.equal(issued.status, 201, issued.text);
    const revoked = await t.http
      .post(`/api/v1/credentials/${issued.body.id}/revoke`)
      .set(...bearer(key))
      .send(exampleOf('revokeCredential'));
    assert.equal(revoked.status, 200, revoked.text);
    const signed = await t.http
      .post('/credentials/issue')
      .set(...bearer(key))
      .send(exampleOf('vcApiIssueCredential'));
    assert.equal(signed.status, 201, signed.text);
    ids.credentialId = signed.body.verifiableCredential.id;
    const status = await t.http
      .post('/credentials/status')
      .set(...bearer(key))
      .send(withRealIds(exampleOf('vcApiUpdateStatus'), ids) as Json);
    assert.equal(status.status, 200, status.text);
    assert.equal(status.body.status, 'suspended');
  });

  it('/docs is an HTML page that starts the API viewer on /openapi.json and lists every problem code', async () => {
    const res = await t.http.get('/docs').expect(200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.text, /^<!doctype html>/i);
    assert.match(res.text, /<div id="swagger-ui"[^>]* data-spec="\/openapi\.json"/);
    assert.match(res.text, /<script src="\/assets\/swagger-ui-bundle\.[0-9a-f]+\.js" defer><\/script>/);
    assert.match(res.text, /<script src="\/assets\/docs\.[0-9a-f]+\.js" defer><\/script>/);
    for (const code of Object.keys(ERROR_STATUS)) assert.ok(res.text.includes(`id="problem-${code}"`), code);
  });
});
