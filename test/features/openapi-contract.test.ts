import assert from 'node:assert/strict';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Response } from 'supertest';
import { addFormats } from '../../src/http/validation.js';
import {
  ADMIN_TOKEN,
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';

type Json = Record<string, unknown>;
interface Media {
  schema?: Json;
  example?: unknown;
}
interface Operation {
  operationId: string;
  security: unknown[];
  parameters?: Array<{ name: string; in: string; schema: Json }>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
}
interface Probe {
  name: string;
  /** the request part this probe varies, judged by the document's own schema for it */
  judged?: { pointer: string; value: unknown };
  token?: string;
  url: string;
  body?: unknown;
  raw?: { type: string; text: string };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Schemathesis-style conformance, run inside the suite: every operation of /openapi.json is sent
 * the requests an outside client would send (no token, the wrong token, unknown ids, the
 * documented example, an empty body, unknown members, malformed JSON, a wrong media type, bad
 * query values) and every answer must be one the document declares for that operation — its
 * status, its media type and a body its schema accepts.
 */
describe('the OpenAPI document states what the live router answers', function () {
  this.timeout(120_000);
  let t: TestApp;
  let doc: Json & { paths: Record<string, Record<string, Operation>> };
  let issuer: IssuerFixture;
  let other: IssuerFixture;
  const ids: Record<string, string> = {};
  const answered = new Map<string, Set<string>>();
  /** Validators for the schemas at JSON pointers of the document (their $refs resolve there). */
  const validatorsOf = (ajv: Ajv2020) => {
    const compiled = new Map<string, ValidateFunction>();
    return (pointer: string): ValidateFunction => {
      const validate = compiled.get(pointer) ?? ajv.compile({ $ref: `tilts-openapi#${pointer}` });
      compiled.set(pointer, validate);
      return validate;
    };
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  const validatorAt = validatorsOf(ajv);
  // query values arrive as text: the request side coerces them as the schema's types say
  const requestAjv = new Ajv2020({ strict: false, validateSchema: false, coerceTypes: true });
  const requestValidatorAt = validatorsOf(requestAjv);
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

  /** A path with its parameters filled: real ids of the probing issuer, or unknown ones. */
  const fill = (path: string, real: boolean): string =>
    path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      if (!real) return name === 'lang' ? 'en' : UNKNOWN;
      if (name === 'lang') return 'en';
      if (name === 'slug') return issuer.slug;
      if (name === 'keyId') return ids.keyId ?? UNKNOWN;
      if (name === 'listId') return ids.listId ?? UNKNOWN;
      if (name === 'key') return 'supervised-online';
      const owner = path.split('/').find((s) => /^(issuers|achievements|learners|credentials)$/.test(s));
      return ids[`${String(owner).replace(/s$/, '')}Id`] ?? UNKNOWN;
    });

  const tokenOf = (op: Operation, right: boolean): string | undefined => {
    const schemes = op.security.flatMap((s) => Object.keys(s as Json));
    if (schemes.length === 0) return undefined;
    const admin = schemes.includes('adminToken');
    const key = schemes.includes('issuerApiKey');
    if (!right) return admin && !key ? issuer.apiKey : ADMIN_TOKEN;
    return key ? issuer.apiKey : ADMIN_TOKEN;
  };

  function probes(method: string, path: string, op: Operation): Probe[] {
    const example = op.requestBody?.content['application/json']?.example as Json | undefined;
    const body = example ? withIds(example) : undefined;
    const url = fill(path, true);
    const token = tokenOf(op, true);
    const at = (...segments: Array<string | number>) =>
      ['', 'paths', path, method, ...segments].map((s) => escape(String(s))).join('/');
    const bodySchema = at('requestBody', 'content', 'application/json', 'schema');
    const judged = (value: unknown) => ({ pointer: bodySchema, value });
    const out: Probe[] = [
      { name: 'as documented', token, url, body, ...(body ? { judged: judged(body) } : {}) },
      { name: 'unknown ids', token, url: fill(path, false), body },
    ];
    if (op.security.length) {
      out.push(
        { name: 'no token', url, body },
        { name: 'wrong token', token: tokenOf(op, false), url, body },
      );
      out.push({ name: 'other issuer', token: other.apiKey, url, body });
    }
    if (op.requestBody?.content['application/json']) {
      const unknownMember = { ...(body as Json | undefined), zzNotAField: 1 };
      out.push({ name: 'empty body', token, url, body: {}, judged: judged({}) });
      out.push({ name: 'unknown member', token, url, body: unknownMember, judged: judged(unknownMember) });
      out.push({ name: 'an array body', token, url, body: [body], judged: judged([body]) });
      out.push({ name: 'malformed JSON', token, url, raw: { type: 'application/json', text: '{"a":' } });
      out.push({ name: 'wrong media type', token, url, raw: { type: 'text/plain', text: 'hello' } });
    }
    if (op.requestBody?.content['multipart/form-data'])
      out.push({ name: 'no file', token, url, raw: { type: 'text/plain', text: 'not multipart' } });
    (op.parameters ?? []).forEach((p, i) => {
      if (p.in !== 'query') return;
      for (const value of ['-1', '0', '1', '100', '100000', '100001', 'x'.repeat(300), 'not-a-value'])
        out.push({
          name: `query ${p.name}=${value.slice(0, 12)}`,
          token,
          url: `${url}?${p.name}=${value}`,
          judged: { pointer: at('parameters', i, 'schema'), value },
        });
    });
    return out;
  }

  const withIds = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(withIds);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, /Id$/.test(k) && ids[k] ? ids[k] : withIds(v)]),
    );
  };

  async function send(method: string, probe: Probe): Promise<Response> {
    let req = t.http[method as 'post'](probe.url);
    if (probe.token) req = req.set(...bearer(probe.token));
    if (probe.raw) return req.set('Content-Type', probe.raw.type).send(probe.raw.text);
    return probe.body === undefined ? req : req.send(probe.body as Json);
  }

  function conforms(method: string, path: string, op: Operation, probe: Probe, res: Response): void {
    const where = `${method.toUpperCase()} ${path} (${probe.name}) → ${res.status} ${String(res.text ?? '').slice(0, 300)}`;
    assert.ok(res.status < 500 || res.status === 503, where);
    const declared = op.responses[String(res.status)];
    assert.ok(declared, `undocumented status: ${where}`);
    if (probe.judged) {
      const accepts = requestValidatorAt(probe.judged.pointer)(probe.judged.value);
      const refused = res.status === 400 && /problem\+json/.test(String(res.headers['content-type']));
      assert.equal(refused, !accepts, `the schema ${accepts ? 'accepts' : 'refuses'} it: ${where}`);
    }
    const seen = answered.get(op.operationId) ?? new Set<string>();
    answered.set(op.operationId, seen.add(String(res.status)));
    if (method === 'head' || res.status === 204 || res.status === 304) return;
    const type = String(res.headers['content-type'] ?? '').split(';')[0] ?? '';
    if (!declared.content) return;
    const media = declared.content[type];
    assert.ok(media, `undocumented media type ${type} (declared ${Object.keys(declared.content)}): ${where}`);
    if (!media.schema || !/json/.test(type)) return;
    const pointer = ['', 'paths', path, method, 'responses', res.status, 'content', type, 'schema']
      .map((s) => escape(String(s)))
      .join('/');
    const validate = validatorAt(pointer);
    assert.ok(
      validate(res.body),
      `body does not match its schema: ${where}\n${ajv.errorsText(validate.errors)}`,
    );
  }

  before(async () => {
    t = await startTestApp('openapi-contract');
    doc = (await t.http.get('/openapi.json').expect(200)).body;
    ajv.addSchema({ ...doc, $id: 'tilts-openapi' } as Json);
    addFormats(requestAjv).addSchema({ ...doc, $id: 'tilts-openapi' } as Json);
    issuer = await createIssuer(t);
    other = await createIssuer(t);
    ids.issuerId = issuer.id;
    Object.assign(ids, await createCatalog(t, issuer));
    const issued = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({ achievementId: ids.achievementId, learnerId: ids.learnerId, language: 'lv' })
      .expect(201);
    ids.credentialId = issued.body.id;
    const status = issued.body.credential.credentialStatus as Json | Json[];
    const list = String((Array.isArray(status) ? status[0] : status)?.statusListCredential);
    ids.listId = list.split('/').pop() ?? UNKNOWN;
    const keys = await t.http
      .get(`/api/v1/issuers/${issuer.id}/api-keys`)
      .set(...bearer(ADMIN_TOKEN))
      .expect(200);
    ids.keyId = String((keys.body.items ?? keys.body)[0]?.id);
  });
  after(() => t.close());

  it('states that a credential names exactly one of learnerId and learner, as the service enforces', async () => {
    const path = '/api/v1/credentials';
    const pointer = ['', 'paths', path, 'post', 'requestBody', 'content', 'application/json', 'schema']
      .map(escape)
      .join('/');
    const learner = { givenName: 'Anna', familyName: 'Ozola', email: 'anna@example.org' };
    const base = { achievementId: ids.achievementId, language: 'lv' };
    for (const body of [base, { ...base, learnerId: ids.learnerId, learner }]) {
      assert.equal(requestValidatorAt(pointer)(body), false, 'the document refuses it');
      const res = await t.http
        .post(path)
        .set(...bearer(issuer.apiKey))
        .send(body);
      assert.equal(res.status, 400, res.text);
      assert.deepEqual(res.body.errors, [
        { pointer: '/learnerId', detail: 'give exactly one of learnerId and learner' },
      ]);
    }
  });

  it('every answer to every probe of every operation is documented, with its media type and schema', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => [m, path, item[m] as Operation] as const),
    );
    assert.ok(operations.length >= 30, `${operations.length} operations`);
    // destructive operations last, so that the others see live records
    const order = (m: string, p: string) => (m === 'delete' ? 2 : /revoke|rotate/.test(p) ? 1 : 0);
    operations.sort((a, b) => order(a[0], a[1]) - order(b[0], b[1]));
    const failures: string[] = [];
    for (const [method, path, op] of operations)
      for (const probe of probes(method, path, op)) {
        const res = await send(method, probe);
        try {
          conforms(method, path, op, probe, res);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    assert.deepEqual(failures, []);
    // the probes reached more than the error paths: most operations answered a success
    const succeeded = [...answered.values()].filter((s) => [...s].some((x) => /^2/.test(x))).length;
    assert.ok(succeeded >= operations.length * 0.7, `${succeeded} of ${operations.length} succeeded`);
  });

  it('answers TRACE, and any other unserved method on a known path, with 405 and Allow', async () => {
    for (const path of Object.keys(doc.paths)) {
      const url = fill(path, true);
      const res = await t.http.trace(url);
      assert.equal(res.status, 405, `TRACE ${path}`);
      const allow = String(res.headers.allow).split(', ');
      const served = METHODS.filter((m) => doc.paths[path]?.[m]).map((m) => m.toUpperCase());
      for (const m of served) assert.ok(allow.includes(m), `${path} Allow lists ${m}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }
  });
});
