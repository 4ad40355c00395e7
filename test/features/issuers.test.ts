import assert from 'node:assert/strict';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {
  ADMIN_TOKEN,
  bearer,
  createIssuer,
  example,
  snapshot,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import { checkSafeExpansion } from '../../src/core/jsonld/safe-expand.js';
import { checkJsonSchema } from '../../src/core/ob3/validate.js';
import { profileSchema, publishedLoader } from '../helpers/published.js';
import { signingKeysOf, signsAndVerifies } from '../helpers/signing.js';

describe('issuers API', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('issuers');
  });
  after(() => t.close());

  it('creates an issuer with the admin token and returns its id, profile URL and an API key once', async () => {
    const body: Record<string, unknown> = { ...example('issuer-create.json'), slug: 'rvt-create' };
    const res = await t.http
      .post('/api/v1/issuers')
      .set(...bearer(ADMIN_TOKEN))
      .send(body)
      .expect(201);
    assert.match(res.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.profileUrl, 'http://127.0.0.1:3000/issuers/rvt-create');
    assert.equal(res.body.did, 'did:web:127.0.0.1%3A3000:issuers:rvt-create', 'the port is percent-encoded');
    assert.match(res.body.didKey, /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    assert.equal(res.body.issuer.did, res.body.did);
    assert.equal(res.body.issuer.didKey, res.body.didKey);
    assert.match(res.body.apiKey, /^tilts_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(res.body.issuer.legalName, body.legalName);
    const keys = await t.http
      .get(`/api/v1/issuers/${res.body.id}/api-keys`)
      .set(...bearer(ADMIN_TOKEN))
      .expect(200);
    assert.equal(keys.body.items.length, 1);
    assert.equal(
      JSON.stringify(keys.body).includes(res.body.apiKey),
      false,
      'the key secret is never listed',
    );
  });

  it('refuses a second issuer with the same slug (409, pointer /slug) and stores nothing', async () => {
    await createIssuer(t, { slug: 'rvt-dup' });
    const before = await snapshot(t);
    const res = await t.http
      .post('/api/v1/issuers')
      .set(...bearer(ADMIN_TOKEN))
      .send({ ...example('issuer-create.json'), slug: 'rvt-dup' })
      .expect(409);
    assert.equal(res.body.errors[0].pointer, '/slug');
    assert.equal(await snapshot(t), before);
  });

  it('refuses an unknown country code with 422 and stores nothing', async () => {
    const before = await snapshot(t);
    const res = await t.http
      .post('/api/v1/issuers')
      .set(...bearer(ADMIN_TOKEN))
      .send({ ...example('issuer-create.json'), slug: 'rvt-xx', country: 'XX' })
      .expect(422);
    assert.deepEqual(
      res.body.errors.map((e: { pointer: string }) => e.pointer),
      ['/country'],
    );
    assert.equal(await snapshot(t), before);
  });

  it('gets 401 without a token or with a wrong one, 403 for an issuer key on admin routes', async () => {
    const issuer = await createIssuer(t);
    const noToken = await t.http.get('/api/v1/issuers').expect(401);
    assert.equal(noToken.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(noToken.body.code, 'unauthorized');
    await t.http
      .get('/api/v1/issuers')
      .set(...bearer('tilts_not-a-real-key'))
      .expect(401);
    await t.http.get('/api/v1/issuers').set('Authorization', 'Basic abc').expect(401);
    const forbidden = await t.http
      .get('/api/v1/issuers')
      .set(...bearer(issuer.apiKey))
      .expect(403);
    assert.equal(forbidden.body.code, 'forbidden');
    await t.http
      .post('/api/v1/issuers')
      .set(...bearer(issuer.apiKey))
      .send(example('issuer-create.json'))
      .expect(403);
    await t.http
      .post(`/api/v1/issuers/${issuer.id}/api-keys`)
      .set(...bearer(issuer.apiKey))
      .send({})
      .expect(403);
  });

  it('lets an issuer read itself but not another issuer (404)', async () => {
    const a = await createIssuer(t);
    const b = await createIssuer(t);
    await t.http
      .get(`/api/v1/issuers/${a.id}`)
      .set(...bearer(a.apiKey))
      .expect(200);
    await t.http
      .get(`/api/v1/issuers/${b.id}`)
      .set(...bearer(a.apiKey))
      .expect(404);
    await t.http
      .patch(`/api/v1/issuers/${b.id}`)
      .set(...bearer(a.apiKey))
      .send({ region: 'x' })
      .expect(404);
    await t.http
      .post(`/api/v1/issuers/${b.id}/keys/rotate`)
      .set(...bearer(a.apiKey))
      .expect(404);
  });

  it('a revoked API key stops working', async () => {
    const issuer = await createIssuer(t);
    const created = await t.http
      .post(`/api/v1/issuers/${issuer.id}/api-keys`)
      .set(...bearer(ADMIN_TOKEN))
      .send({ label: 'LMS' })
      .expect(201);
    await t.http
      .get('/api/v1/learners')
      .set(...bearer(created.body.apiKey))
      .expect(200);
    await t.http
      .delete(`/api/v1/issuers/${issuer.id}/api-keys/${created.body.key.id}`)
      .set(...bearer(ADMIN_TOKEN))
      .expect(200);
    await t.http
      .get('/api/v1/learners')
      .set(...bearer(created.body.apiKey))
      .expect(401);
    await t.http
      .get('/api/v1/learners')
      .set(...bearer(issuer.apiKey))
      .expect(200);
  });

  it('serves the profile as JSON-LD controller document, as HTML for browsers, and a JWKS', async () => {
    const issuer = await createIssuer(t);
    const res = await t.http.get(`/issuers/${issuer.slug}`).expect(200);
    assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
    const profile = JSON.parse(res.text);
    assert.equal(profile.id, issuer.profileUrl);
    assert.deepEqual(profile.type, ['Profile']);
    assert.equal(profile.verificationMethod.length, 2);
    for (const vm of profile.verificationMethod) {
      assert.equal(vm.controller, issuer.profileUrl);
      assert.equal(vm.id, `${issuer.profileUrl}#${vm.publicKeyMultibase}`);
    }
    assert.deepEqual(
      profile.assertionMethod,
      profile.verificationMethod.map((vm: { id: string }) => vm.id),
    );
    const html = await t.http.get(`/issuers/${issuer.slug}`).set('Accept', 'text/html').expect(200);
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(html.text, /Rīgas Valsts tehnikums/);
    const jwks = await t.http.get(`/issuers/${issuer.slug}/jwks`).expect(200);
    const keys = JSON.parse(jwks.text).keys;
    assert.deepEqual(
      keys.map((k: { kid: string }) => k.kid.split('#')[0]),
      [issuer.did, issuer.profileUrl],
      'the P-256 key under the kid of new (did:web) and earlier (profile) VC-JWTs',
    );
    assert.equal(keys[0].crv, 'P-256');
    assert.deepEqual(keys[0].x, keys[1].x);
    assert.ok(
      profile.assertionMethod.includes(keys[1].kid),
      'the legacy JWK kid is a verification method of the profile',
    );
    const did = JSON.parse((await t.http.get(`/issuers/${issuer.slug}/did.json`).expect(200)).text);
    assert.ok(did.assertionMethod.includes(keys[0].kid), 'the did:web kid is in the DID document');
    await t.http.get('/issuers/no-such-issuer').expect(404);
    await t.http.get('/issuers/no-such-issuer/did.json').expect(404);
  });

  it('serves the did:web DID document with every key, linked both ways with the OB Profile', async () => {
    const issuer = await createIssuer(t);
    const res = await t.http.get(`/issuers/${issuer.slug}/did.json`).expect(200);
    assert.match(String(res.headers['content-type']), /^application\/did\+ld\+json/);
    const doc = JSON.parse(res.text);
    assert.equal(doc.id, issuer.did);
    assert.equal(doc['@context'][0], 'https://www.w3.org/ns/did/v1', 'the DID context first');
    assert.deepEqual(doc.alsoKnownAs, [issuer.profileUrl]);
    const profile = JSON.parse((await t.http.get(`/issuers/${issuer.slug}`).expect(200)).text);
    const prefixes = doc.verificationMethod.map((vm: { publicKeyMultibase: string }) =>
      vm.publicKeyMultibase.slice(0, 4),
    );
    assert.deepEqual(prefixes.sort(), ['z6Mk', 'zDna'], 'the Ed25519 and the P-256 key, as Multikey');
    for (const vm of doc.verificationMethod) {
      assert.equal(vm.type, 'Multikey');
      assert.equal(vm.controller, issuer.did);
      assert.equal(vm.id, `${issuer.did}#${vm.publicKeyMultibase}`);
      assert.ok(
        profile.verificationMethod.some(
          (p: { publicKeyMultibase: string }) => p.publicKeyMultibase === vm.publicKeyMultibase,
        ),
        'the same keys as the profile',
      );
    }
    assert.deepEqual(
      doc.assertionMethod,
      doc.verificationMethod.map((vm: { id: string }) => vm.id),
    );
    const api = await t.http
      .get(`/api/v1/issuers/${issuer.id}`)
      .set(...bearer(ADMIN_TOKEN))
      .expect(200);
    const ed25519 = doc.verificationMethod.find((vm: { publicKeyMultibase: string }) =>
      vm.publicKeyMultibase.startsWith('z6Mk'),
    );
    assert.equal(api.body.did, issuer.did);
    assert.equal(api.body.didKey, `did:key:${ed25519.publicKeyMultibase}`);
    assert.deepEqual(
      profile.otherIdentifier.filter((e: { identifierType: string }) => e.identifierType === 'ext:DID'),
      [
        { type: 'IdentifierEntry', identifier: issuer.did, identifierType: 'ext:DID' },
        { type: 'IdentifierEntry', identifier: api.body.didKey, identifierType: 'ext:DID' },
      ],
    );
    const html = (await t.http.get(`/issuers/${issuer.slug}`).set('Accept', 'text/html').expect(200)).text;
    assert.ok(html.includes(issuer.did) && html.includes(api.body.didKey), 'the page shows both DIDs');
    assert.ok(html.includes(`href="${issuer.profileUrl}/did.json"`), 'and links the DID document');
    const listed = await t.http
      .get('/api/v1/issuers?pageSize=100')
      .set(...bearer(ADMIN_TOKEN))
      .expect(200);
    const item = listed.body.items.find((i: { id: string }) => i.id === issuer.id);
    assert.deepEqual([item.did, item.didKey], [issuer.did, api.body.didKey], 'the list shows them too');
  });

  it('the published Profile with its DID identifiers is a valid OB 3.0 Profile, and both documents expand in JSON-LD safe mode', async () => {
    const issuer = await createIssuer(t);
    const profile = JSON.parse((await t.http.get(`/issuers/${issuer.slug}`).expect(200)).text);
    assert.deepEqual(checkJsonSchema(profile, profileSchema()), []);
    assert.deepEqual(await checkSafeExpansion(profile, publishedLoader(t)), []);
    const doc = JSON.parse((await t.http.get(`/issuers/${issuer.slug}/did.json`).expect(200)).text);
    assert.deepEqual(await checkSafeExpansion(doc, publishedLoader(t)), []);
  });

  it('rotating keys adds new current keys and keeps the old ones published as retired', async () => {
    const issuer = await createIssuer(t);
    const before = JSON.parse((await t.http.get(`/issuers/${issuer.slug}`)).text);
    const rotated = await t.http
      .post(`/api/v1/issuers/${issuer.id}/keys/rotate`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.equal(rotated.body.keys.length, 4);
    assert.deepEqual(rotated.body.keys.map((k: { status: string }) => k.status).sort(), [
      'current',
      'current',
      'retired',
      'retired',
    ]);
    const after = JSON.parse((await t.http.get(`/issuers/${issuer.slug}`)).text);
    for (const id of before.assertionMethod)
      assert.ok(after.assertionMethod.includes(id), 'old key still published');
    assert.equal(after.assertionMethod.length, 4);
    const didAfter = JSON.parse((await t.http.get(`/issuers/${issuer.slug}/did.json`)).text);
    assert.equal(didAfter.assertionMethod.length, 4, 'the DID document keeps the retired keys too');
    for (const id of before.assertionMethod) {
      const multibase = id.split('#')[1];
      assert.ok(didAfter.assertionMethod.includes(`${issuer.did}#${multibase}`));
    }
    const newEd25519 = rotated.body.keys.find(
      (k: { type: string; status: string }) => k.type === 'Ed25519' && k.status === 'current',
    );
    assert.equal(rotated.body.didKey, `did:key:${newEd25519.publicKeyMultibase}`, 'the new VC-API did:key');
    const audit = await t.http
      .get('/api/v1/audit')
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.ok(audit.body.items.some((e: { action: string }) => e.action === 'issuer.keys-rotated'));
  });

  it('the current Ed25519 key signs credentials that verify against the published profile only', async () => {
    const issuer = await createIssuer(t);
    assert.equal(await signsAndVerifies(t, issuer), true);
  });

  it('never shows private key bytes in the raw store, API responses or logs', async () => {
    const issuer = await createIssuer(t);
    await t.http
      .post(`/api/v1/issuers/${issuer.id}/keys/rotate`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    const secrets: string[] = [];
    for (const doc of await t.deps.store.connection
      .collection('issuer_keys')
      .find({ issuerId: issuer.id })
      .toArray()) {
      assert.equal(doc.sealedPrivateKey.v, 1);
      assert.equal('secretKeyMultibase' in doc || 'privateJwk' in doc || 'd' in (doc.publicJwk ?? {}), false);
    }
    const keys = await signingKeysOf(t, issuer.id);
    const rawEd = (
      await Ed25519Multikey.from({
        ...keys.ed25519,
        type: 'Multikey',
        '@context': 'https://w3id.org/security/multikey/v1',
      })
    ).export({ secretKey: true, raw: true });
    const secretBytes = Buffer.from(((await rawEd) as { secretKey: Uint8Array }).secretKey).subarray(0, 32);
    secrets.push(
      keys.ed25519.secretKeyMultibase,
      keys.p256.privateJwk.d,
      secretBytes.toString('base64'),
      secretBytes.toString('base64url'),
      secretBytes.toString('hex'),
    );
    const everything = [
      await snapshot(t),
      JSON.stringify((await t.http.get(`/issuers/${issuer.slug}`)).text),
      JSON.stringify((await t.http.get(`/issuers/${issuer.slug}/jwks`)).text),
      JSON.stringify((await t.http.get(`/api/v1/issuers/${issuer.id}`).set(...bearer(ADMIN_TOKEN))).body),
      JSON.stringify((await t.http.get('/api/v1/issuers?pageSize=100').set(...bearer(ADMIN_TOKEN))).body),
      t.logs.join('\n'),
    ].join('\n');
    for (const secret of secrets) assert.equal(everything.includes(secret), false, 'a private key leaked');
  });
});
