import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { sealHeader, type SealedEdc } from '../../src/core/edc/seal.js';
import { describeCertificate } from '../../src/core/edc/x509.js';
import {
  bearer,
  createCatalog,
  createIssuer,
  example,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem, assertStoreUnchanged } from '../helpers/problem.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A PKCS#12 file with an RSA seal key and a certificate valid now, as an issuer would upload. */
function pkcs12(password: string, organization = 'Rigas Tehnikums'): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '0b2c3d';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  const dn = [
    { shortName: 'C', value: 'LV' },
    { shortName: 'O', value: organization },
    { type: '2.5.4.97', value: 'NTRLV-40003000000' },
    { shortName: 'CN', value: `${organization} seal` },
  ];
  cert.setSubject(dn);
  cert.setIssuer(dn);
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
}

describe('European Digital Credentials over HTTP', () => {
  let t: TestApp;
  let issuer: IssuerFixture;
  let other: IssuerFixture;
  let ids: { achievementId: string; learnerId: string };
  const verify = (verifiableCredential: unknown) =>
    t.http.post('/credentials/verify').send({ verifiableCredential });
  const check = (body: Json, id: string): Json => (body.checks as Json[]).find((c) => c.id === id) ?? {};
  const issue = (format: string) =>
    t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({ ...ids, language: 'lv', format, result: { value: '8' } });

  before(async () => {
    t = await startTestApp('edc');
    issuer = await createIssuer(t);
    other = await createIssuer(t);
    ids = await createCatalog(t, issuer);
  });
  after(async () => t?.close());

  it('makes a self-signed seal certificate when an issuer is created', async () => {
    const db = t.deps.store.connection.db;
    const warnings = t.logs.filter((l) => l.includes('EDC seal certificate not made'));
    assert.deepEqual(warnings, [], 'the seal was made at creation');
    assert.ok(await db?.collection('edc_seal_keys').findOne({ _id: issuer.id as never }));
    const res = await t.http
      .get('/api/v1/seal-certificate')
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.equal(res.body.source, 'self-signed');
    assert.equal(res.body.selfSigned, true);
    assert.match(res.body.certificate, /^-----BEGIN CERTIFICATE-----/);
  });

  it('issues format edc: the answer carries the sealed EDC, which verifies (seal not qualified)', async () => {
    const res = await issue('edc').expect(201);
    const sealed = res.body.credential as SealedEdc;
    assert.equal(res.body.format, 'edc');
    assert.equal(sealHeader(sealed).alg, 'ES256');
    const edc = JSON.parse(sealed.payload);
    assert.equal(edc.id, `urn:credential:${res.body.id}`);
    assert.deepEqual(edc.credentialSubject.hasClaim.provenBy.grade.noteLiteral.lv, '8');
    const served = await t.http.get(`/credentials/${res.body.id}/edc.json`).expect(200);
    assert.deepEqual(JSON.parse(served.text), sealed, 'the EDC sealed at issuance is the one served');
    const report = await assertStoreUnchanged(t, () => verify(sealed).expect(200));
    assert.equal(report.body.verified, true, JSON.stringify(report.body.checks));
    assert.equal(report.body.summary.format, 'edc');
    assert.equal(report.body.summary.status, 'active');
    assert.equal(report.body.trust.seal, 'self-signed');
    assert.ok(report.body.warnings.some((w: string) => w.includes('not qualified')));
    assert.ok(report.body.trust.notChecked.some((w: string) => w.includes('EU trusted lists')));
  });

  it('serves an EDC for an ob3-di credential, made once and then the same', async () => {
    const issued = await issue('ob3-di').expect(201);
    assert.ok(issued.body.links.edc.endsWith(`/credentials/${issued.body.id}/edc.json`));
    const first = await t.http.get(`/credentials/${issued.body.id}/edc.json`).expect(200);
    const second = await t.http.get(`/credentials/${issued.body.id}/edc.json`).expect(200);
    assert.equal(first.text, second.text);
    const edc = JSON.parse(JSON.parse(first.text).payload);
    assert.equal(
      edc.credentialSubject.hasClaim.title.lv,
      issued.body.credential.credentialSubject.achievement.name,
    );
    assert.equal((await verify(JSON.parse(first.text))).status, 200);
  });

  it('makes the EDC of a credential from the achievement version it was issued with, after the achievement changed', async () => {
    const api = (method: 'post' | 'patch', path: string) =>
      t.http[method](path).set(...bearer(issuer.apiKey));
    const achievementId = (
      await api('post', '/api/v1/achievements')
        .send({
          ...example('achievement-create.json'),
          workload: { hours: 80, credits: { system: 'ects', value: 3 } },
        })
        .expect(201)
    ).body.id;
    const issued = await api('post', '/api/v1/credentials')
      .send({ achievementId, learnerId: ids.learnerId, language: 'lv', format: 'ob3-di' })
      .expect(201);
    const changed = await api('patch', `/api/v1/achievements/${achievementId}`)
      .send({
        workload: { hours: 120, credits: { system: 'ects', value: 5 } },
        title: { lv: 'Jauns nosaukums', en: 'A new title' },
      })
      .expect(200);
    assert.equal(changed.body.version, 2);
    const served = await t.http.get(`/credentials/${issued.body.id}/edc.json`).expect(200);
    const spec = JSON.parse(JSON.parse(served.text).payload).credentialSubject.hasClaim.specifiedBy;
    const signed = issued.body.credential.credentialSubject.achievement;
    assert.deepEqual(
      [spec.creditPoint.point, spec.volumeOfLearning, spec.title.lv],
      ['3', 'PT80H', signed.name],
      'the EDC states what the credential states',
    );
    assert.equal(signed.creditsAvailable, 3);
  });

  it('fails a tampered EDC, and reports a revoked credential’s EDC as revoked', async () => {
    const issued = await issue('edc').expect(201);
    const sealed = issued.body.credential as SealedEdc;
    const tampered = { ...sealed, payload: sealed.payload.replace('"8"', '"10"') };
    const bad = await verify(tampered).expect(400);
    assert.equal(check(bad.body, 'seal').code, 'signature-invalid');
    assert.ok(bad.body.errors.some((e: Json) => e.check === 'seal'));
    await t.http
      .post(`/api/v1/credentials/${issued.body.id}/revoke`)
      .set(...bearer(issuer.apiKey))
      .send({})
      .expect(200);
    const revoked = await verify(sealed).expect(400);
    assert.equal(check(revoked.body, 'status').code, 'revoked');
    assert.equal(revoked.body.summary.status, 'revoked');
    assert.equal(check(revoked.body, 'seal').valid, true);
  });

  it("refuses an EDC carrying our credential id but another key's seal (seal-not-issuers)", async () => {
    const issued = await issue('edc').expect(201);
    const edc = JSON.parse((issued.body.credential as SealedEdc).payload);
    // the other issuer seals a copy of it with its own (valid) seal
    const copy = await t.http
      .get(`/api/v1/credentials/${issued.body.id}/edc-upload.json`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.deepEqual(copy.body.credential.credentialSubject, edc.credentialSubject);
    const res = await verify(copy.body.credential).expect(400);
    assert.equal(check(res.body, 'format').valid, true);
    assert.equal(check(res.body, 'seal').code, 'seal-missing');
    assert.equal(check(res.body, 'status').code, 'seal-not-issuers');
  });

  it("gives the EC upload format only to the credential's issuer", async () => {
    const issued = await issue('ob3-di').expect(201);
    const res = await t.http
      .get(`/api/v1/credentials/${issued.body.id}/edc-upload.json`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.deepEqual(Object.keys(res.body), ['credential']);
    assert.deepEqual(res.body.credential.type, ['VerifiableCredential', 'EuropeanDigitalCredential']);
    const foreign = await t.http
      .get(`/api/v1/credentials/${issued.body.id}/edc-upload.json`)
      .set(...bearer(other.apiKey));
    assertProblem(foreign, 404, 'not-found');
  });

  it('answers 404 for the EDC of an unknown credential', async () => {
    const res = await t.http.get('/credentials/7c9e6679-7425-40de-944b-e07fc1f90ae7/edc.json');
    assertProblem(res, 404, 'not-found');
  });

  it('refuses a PKCS#12 upload with the wrong password or a mismatched PEM key, storing nothing', async () => {
    // read before the snapshot: the issuer's first seal key is made when it is first needed (or in the
    // background after the issuer's creation), and that is not what this test is about
    const current = await t.http
      .get('/api/v1/seal-certificate')
      .set(...bearer(other.apiKey))
      .expect(200);
    await assertStoreUnchanged(t, async () => {
      const wrong = await t.http
        .put('/api/v1/seal-certificate')
        .set(...bearer(other.apiKey))
        .send({ pkcs12: pkcs12('right'), password: 'wrong' });
      assertProblem(wrong, 422, 'seal-certificate-invalid', ['/pkcs12']);
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      });
      const mismatch = await t.http
        .put('/api/v1/seal-certificate')
        .set(...bearer(other.apiKey))
        .send({ certificate: current.body.certificate, privateKey: key });
      assertProblem(mismatch, 422, 'seal-certificate-invalid', ['/certificate']);
    });
  });

  it('seals with an uploaded certificate from then on; EDCs sealed before still verify as the issuer’s', async () => {
    const before = (await issue('edc').expect(201)).body.credential as SealedEdc;
    const up = await t.http
      .put('/api/v1/seal-certificate')
      .set(...bearer(issuer.apiKey))
      .send({ pkcs12: pkcs12('pw'), password: 'pw' })
      .expect(200);
    assert.equal(up.body.source, 'uploaded');
    assert.equal(up.body.organizationIdentifier, 'NTRLV-40003000000');
    const after = (await issue('edc').expect(201)).body.credential as SealedEdc;
    const header = sealHeader(after);
    assert.equal(header.alg, 'RS256');
    assert.equal(
      describeCertificate(Buffer.from(header.x5c?.[0] ?? '', 'base64')).fingerprint,
      up.body.fingerprint,
    );
    assert.equal(JSON.parse(after.payload).issuer.eIDASIdentifier.notation, 'NTRLV-40003000000');
    for (const sealed of [before, after]) assert.equal((await verify(sealed)).body.verified, true);
    const audit = await t.deps.store.connection.db
      ?.collection('audit_log')
      .findOne({ action: 'seal-certificate.uploaded' });
    assert.ok(audit);
  });

  it('refuses a sealed EDC whose payload nests deeper than the request limit, naming where (400, not 500)', async () => {
    const sealed = (await issue('edc').expect(201)).body.credential as Record<string, unknown>;
    const credential = JSON.parse(String(sealed.payload)) as Record<string, unknown>;
    const deep = `${'['.repeat(5000)}"bottom"${']'.repeat(5000)}`;
    const payload = JSON.stringify({ ...credential, credentialSubject: { hasClaim: 'X' } }).replace(
      '"X"',
      deep,
    );
    const res = await verify({ ...sealed, payload }).expect(400);
    const parse = (res.body.checks as Array<{ id: string; valid: boolean; detail: string }>)[0];
    assert.equal(parse?.id, 'parse');
    assert.equal(parse?.valid, false);
    assert.match(
      String(parse?.detail),
      /nested deeper than 64 levels at "\/credentialSubject\/hasClaim(\/0)+"/,
    );
  });

  it('accepts the sealed EDC as a JSON string too', async () => {
    const sealed = (await issue('edc').expect(201)).body.credential;
    const res = await verify(JSON.stringify(sealed)).expect(200);
    assert.equal(res.body.summary.sealed, true);
  });
});
