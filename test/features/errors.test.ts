import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { RouteSpec } from '../../src/http/routes.js';
import {
  ADMIN_TOKEN,
  bearer,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';

/** A concrete URL for a route: every {param} becomes a fresh id. */
const urlOf = (route: RouteSpec): string => route.path.replace(/\{[^}]+\}/g, () => randomUUID());
const label = (route: RouteSpec): string => `${route.method.toUpperCase()} ${route.path}`;

describe('problem responses (RFC 9457)', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let routes: RouteSpec[];
  const tokenFor = (route: RouteSpec): string | undefined =>
    route.auth === 'admin' || route.auth === 'any'
      ? ADMIN_TOKEN
      : route.auth === 'issuer'
        ? issuer.apiKey
        : undefined;
  const send = (route: RouteSpec, token = tokenFor(route)) => {
    const req = t.http[route.method](urlOf(route));
    return token ? req.set(...bearer(token)) : req;
  };

  before(async () => {
    t = await startTestApp('errors');
    issuer = await createIssuer(t);
    routes = t.deps.routes;
  });
  after(() => t.close());

  describe('every route that takes a JSON body', () => {
    const bodyRoutes = () => routes.filter((r) => r.body);

    it('has some (the table below is not empty)', () => {
      assert.ok(bodyRoutes().length >= 6, bodyRoutes().map(label).join(', '));
    });

    it('answers malformed JSON with 400 malformed-json, storing nothing', async () => {
      for (const route of bodyRoutes()) {
        for (const text of ['{"title": {"lv": "Tīmek', '{"a":1,}', "{'a':1}", '"just a string"']) {
          const res = await assertStoreUnchanged(t, () =>
            send(route).set('Content-Type', 'application/json').send(text),
          );
          assertProblem(res, 400, 'malformed-json', ['']);
          assert.doesNotMatch(
            res.text,
            /Unexpected token|JSON\.parse|SyntaxError/,
            `${label(route)}: parser internals`,
          );
        }
      }
    });

    it('answers a 5 MB body with 413 payload-too-large, storing nothing', async () => {
      const big = JSON.stringify({ title: { lv: 'x'.repeat(5 * 1024 * 1024) } });
      for (const route of bodyRoutes()) {
        const res = await assertStoreUnchanged(t, () =>
          send(route).set('Content-Type', 'application/json').send(big),
        );
        assertProblem(res, 413, 'payload-too-large', ['']);
      }
    });

    it('answers a body that is not JSON with 415 unsupported-media-type, storing nothing', async () => {
      for (const route of bodyRoutes()) {
        for (const [type, body] of <Array<[string, string]>>[
          ['text/plain', '{"slug":"x"}'],
          ['application/x-www-form-urlencoded', 'slug=x'],
          ['application/xml', '<slug>x</slug>'],
        ]) {
          const res = await assertStoreUnchanged(t, () => send(route).set('Content-Type', type).send(body));
          assertProblem(res, 415, 'unsupported-media-type');
        }
      }
    });

    it('answers a missing required body with 400 invalid-request pointing at the whole body, storing nothing', async () => {
      for (const route of bodyRoutes().filter((r) => !r.bodyOptional)) {
        const res = await assertStoreUnchanged(t, () => send(route));
        assertProblem(res, 400, 'invalid-request', ['']);
      }
    });
  });

  describe('authentication on every protected route', () => {
    it('refuses a missing, unknown or non-Bearer token with 401 and a WWW-Authenticate challenge', async () => {
      const protectedRoutes = routes.filter((r) => r.auth !== 'public');
      assert.ok(protectedRoutes.length >= 10);
      for (const route of protectedRoutes) {
        for (const header of [undefined, 'Bearer tilts_not-a-real-key', `Basic ${ADMIN_TOKEN}`, 'Bearer']) {
          const res = await assertStoreUnchanged(t, () => {
            const req = t.http[route.method](urlOf(route));
            return header ? req.set('Authorization', header) : req;
          });
          assertProblem(res, 401, 'unauthorized');
          assert.match(String(res.headers['www-authenticate']), /^Bearer /, label(route));
        }
      }
    });

    it('refuses an issuer key on admin-only routes and the admin token on issuer routes with 403', async () => {
      const wrong = routes.filter((r) => r.auth === 'admin' || r.auth === 'issuer');
      assert.ok(wrong.some((r) => r.auth === 'admin') && wrong.some((r) => r.auth === 'issuer'));
      for (const route of wrong) {
        const token = route.auth === 'admin' ? issuer.apiKey : ADMIN_TOKEN;
        const res = await assertStoreUnchanged(t, () => send(route, token).send({}));
        assertProblem(res, 403, 'forbidden');
      }
    });
  });

  describe('the problem document', () => {
    it('has type, title, status, detail, instance, code, errors and the request id', async () => {
      const res = await t.http.get('/api/v1/nothing-here?secret=1').set('X-Request-Id', 'req-0123456789');
      assertProblem(res, 404, 'not-found', []);
      assert.equal(res.body.type, 'http://127.0.0.1:3000/docs#problem-not-found');
      assert.equal(res.body.title, 'Not found');
      assert.equal(res.body.instance, '/api/v1/nothing-here');
      assert.equal(res.body.requestId, 'req-0123456789');
      assert.equal(res.headers['x-request-id'], 'req-0123456789');
    });

    it('replaces an unsafe X-Request-Id with a fresh one', async () => {
      const res = await t.http.get('/healthz').set('X-Request-Id', 'bad id <script>');
      assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    });

    it('documents every code it uses on /docs', async () => {
      const docs = await t.http.get('/docs').expect(200);
      for (const code of ['malformed-json', 'invalid-request', 'unsupported-media-type', 'payload-too-large'])
        assert.match(docs.text, new RegExp(`id="problem-${code}"`));
    });
  });
});
