import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { Ob3Error } from '../../src/core/ob3/errors.js';
import { StatusListError } from '../../src/core/status/index.js';
import { DocumentNotFoundError } from '../../src/core/jsonld/document-loader.js';
import { IssueRequestError } from '../../src/core/vc-api/index.js';
import { RemoteFetchError } from '../../src/core/verify/index.js';
import type { AppError } from '../../src/errors.js';
import { ERROR_STATUS } from '../../src/errors.js';
import type { RouteSpec } from '../../src/http/routes.js';
import { createLogger } from '../../src/infra/logger.js';
import { SecretBoxError } from '../../src/infra/secret-box.js';
import { StoreDownError } from '../../src/infra/store-health.js';

/** An app whose only routes throw what the test hands them, through the real problem layer. */
function appThrowing(thrown: () => unknown) {
  const logs: string[] = [];
  const config = loadConfig({ ADMIN_TOKEN: 'x'.repeat(32), PUBLIC_URL: 'https://tilts.example' });
  const route = (path: string): RouteSpec => ({
    method: 'get',
    path,
    operationId: path,
    summary: 'throws',
    tag: 'test',
    auth: 'public',
    params: { id: 'anything' },
    responses: { 200: { description: 'never' } },
    handler: async () => {
      throw thrown();
    },
  });
  const app = createApp({
    config,
    logger: createLogger('debug', (line) => logs.push(line)),
    routes: [route('/boom'), route('/things/{id}')],
    authenticate: async () => undefined,
  });
  return { http: request(app), logs };
}

const problemOf = (res: request.Response) => {
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  return JSON.parse(res.text) as Record<string, unknown>;
};

describe('problem layer: one error model, mapped in one place', () => {
  it('an unknown error is a logged 500 that shows no message, stack or internal address', async () => {
    const { http, logs } = appThrowing(() => new TypeError('cannot read x of 10.0.0.7:27017 /srv/app/db.ts'));
    const res = await http.get('/boom').expect(500);
    const body = problemOf(res);
    assert.equal(body.code, 'internal-error');
    assert.doesNotMatch(res.text, /10\.0\.0\.7|27017|\/srv|TypeError|cannot read/);
    const line = logs.find((l) => l.includes('unhandled error'));
    assert.ok(line, 'the failure is logged');
    assert.match(line, /TypeError/);
    assert.match(
      line,
      new RegExp(String(body.requestId)),
      'the log line carries the request id the client sees',
    );
  });

  it('a core error with an internal code keeps its code but not its detail', async () => {
    const { http, logs } = appThrowing(() => new DocumentNotFoundError('https://internal.example/ctx'));
    const res = await http.get('/boom').expect(500);
    assert.equal(problemOf(res).code, 'document-not-found');
    assert.doesNotMatch(res.text, /internal\.example/);
    assert.ok(logs.some((l) => l.includes('document-not-found')));
    const secret = await appThrowing(() => new SecretBoxError('cannot decrypt: wrong master key')).http.get(
      '/boom',
    );
    assert.equal(secret.status, 500);
    assert.equal(problemOf(secret).code, 'secret-undecryptable');
    assert.doesNotMatch(secret.text, /master key/);
  });

  const coreErrors: Array<[string, () => AppError, string]> = [
    [
      'Ob3Error',
      () => new Ob3Error('language-not-available', [{ pointer: '/language', detail: 'no lt text' }]),
      '/language',
    ],
    [
      'IssueRequestError',
      () =>
        new IssueRequestError([
          { pointer: '/credential/issuer', code: 'issuer-mismatch', detail: 'not yours' },
        ]),
      '/credential/issuer',
    ],
    ['StatusListError', () => new StatusListError('status-list-malformed', 'not gzip'), ''],
    ['RemoteFetchError', () => new RemoteFetchError('remote-timeout', 'https://x.example/', 'slow'), ''],
  ];
  for (const [name, make, pointer] of coreErrors) {
    it(`${name} reaches the client with its own code and the status of the one table`, async () => {
      const error = make();
      const res = await appThrowing(() => error).http.get('/boom');
      const body = problemOf(res);
      assert.equal(res.status, ERROR_STATUS[error.code]);
      assert.equal(body.code, error.code);
      assert.equal(body.status, res.status);
      if (pointer)
        assert.deepEqual(
          (body.errors as Array<{ pointer: string }>).map((e) => e.pointer),
          [pointer],
        );
    });
  }

  it('malformed percent-encoding in a path is a 400 problem, not a 500', async () => {
    const { http } = appThrowing(() => new Error('never reached'));
    for (const path of ['/things/%ff', '/things/%C0%AE', '/things/%E0%A4%A']) {
      const res = await http.get(path).expect(400);
      const body = problemOf(res);
      assert.equal(body.code, 'malformed-path');
      assert.equal(body.instance, path, 'the path is echoed as sent, still encoded');
    }
  });

  const storeFailures: Array<[string, () => Error]> = [
    ['a network error', () => new mongoose.mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:34675')],
    [
      'a server-selection timeout',
      () =>
        new mongoose.mongo.MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:1', {
          error: undefined,
        } as unknown as ConstructorParameters<typeof mongoose.mongo.MongoServerSelectionError>[1]),
    ],
    [
      'a socket closed mid-write',
      () => Object.assign(new Error('write after end'), { code: 'ERR_STREAM_WRITE_AFTER_END' }),
    ],
    [
      'a bulk write whose connection closed (the driver wraps the failure in its bulk error)',
      () =>
        new mongoose.mongo.MongoBulkWriteError(
          new mongoose.mongo.MongoNetworkError('connection 4 to 127.0.0.1:34675 closed'),
          {} as ConstructorParameters<typeof mongoose.mongo.MongoBulkWriteError>[1],
        ),
    ],
    [
      'a store shutting down',
      () => new mongoose.mongo.MongoServerError({ message: 'shutdown in progress', code: 91 }),
    ],
    ['a store the monitor saw refuse connections (no wait)', () => new StoreDownError()],
  ];
  for (const [what, make] of storeFailures) {
    it(`${what} is a 503 with Retry-After and no internal address`, async () => {
      const res = await appThrowing(make).http.get('/boom').expect(503);
      assert.equal(problemOf(res).code, 'service-unavailable');
      assert.ok(Number(res.headers['retry-after']) > 0);
      assert.doesNotMatch(res.text, /127\.0\.0\.1|ECONNREFUSED|34675|write after end/);
    });
  }
});

describe('methods a path does not answer', () => {
  it('TRACE, PUT and DELETE on a known path are 405 problems with an Allow header; unknown paths stay 404', async () => {
    const { http } = appThrowing(() => new Error('never reached'));
    for (const method of ['trace', 'put', 'delete', 'post'] as const) {
      const res = await http[method]('/things/abc').expect(405);
      assert.equal(problemOf(res).code, 'method-not-allowed');
      assert.equal(res.headers.allow, 'GET, HEAD');
    }
    await http.get('/things/abc/more').expect(404);
    await http.head('/boom').expect(500);
  });
});
