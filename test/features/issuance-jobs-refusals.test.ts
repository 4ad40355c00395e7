import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import {
  bearer,
  createCatalog,
  createIssuer,
  snapshot,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { classRows, csvOf } from '../helpers/issuance-jobs.js';
import { assertProblem } from '../helpers/problem.js';

describe('POST /api/v1/issuance-jobs — whole-file problems are refused up front and store nothing', function () {
  this.timeout(120_000);
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;

  const upload = (csv: Buffer, q: Record<string, string> = {}) =>
    t.http
      .post('/api/v1/issuance-jobs')
      .query({ achievementId, language: 'lv', ...q })
      .set(...bearer(issuer.apiKey))
      .set('Content-Type', 'text/csv')
      .send(csv);

  before(async () => {
    t = await startTestApp('issuance_jobs_refusals');
    issuer = await createIssuer(t);
    ({ achievementId } = await createCatalog(t, issuer));
  });
  after(() => t.close());
  const refused = async (send: () => PromiseLike<Response>, status: number, code: string, detail: RegExp) => {
    const before = await snapshot(t);
    const res = await send();
    assertProblem(res, status, code);
    assert.match(JSON.stringify(res.body), detail);
    assert.equal(await snapshot(t), before, 'the store is unchanged');
  };

  it('5 MB of junk → 413 naming the limit', async () => {
    const junk = Buffer.alloc(5 * 1024 * 1024, 'x;y;z\n');
    await refused(() => upload(junk), 413, 'payload-too-large', /4 MiB/);
  });

  it('a file that is not UTF-8 (Windows-1257) → 400 csv-not-utf8 naming the line', async () => {
    const text = 'givenName,familyName,email\nAnna,Ozola,a@example.lv\nGirts,K\xe7ni\xf2\xf0,g@example.lv\n';
    await refused(
      () => upload(Buffer.from(text, 'latin1')),
      400,
      'csv-not-utf8',
      /line 3 is not valid UTF-8/,
    );
  });

  it('binary junk → 400 naming the problem', async () => {
    const junk = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256));
    await refused(() => upload(junk), 400, 'csv-not-utf8', /not valid UTF-8/);
    const nul = Buffer.from('givenName,familyName,email\nA,B,a@example.lv\u0000\u0001\n');
    await refused(() => upload(nul), 400, 'csv-invalid', /line 2 holds a control character/);
  });

  it('an unknown column → 400 csv-unknown-column naming it and the known columns', async () => {
    const csv = csvOf(classRows(2, 'unknown'), { columns: ['givenName', 'familyName', 'emial'] });
    await refused(
      () => upload(csv),
      400,
      'csv-unknown-column',
      /unknown column \\"emial\\".*known columns: givenName/,
    );
  });

  it('a header without the learner columns, an empty file, a header alone, a never-closed quote → 400', async () => {
    await refused(
      () => upload(Buffer.from('givenName;result\nA;8\n')),
      400,
      'csv-invalid',
      /givenName, familyName and email, or learnerId/,
    );
    await refused(() => upload(Buffer.from('')), 400, 'csv-invalid', /empty/);
    await refused(() => upload(Buffer.from('givenName,familyName,email\n')), 400, 'csv-invalid', /no rows/);
    await refused(
      () => upload(Buffer.from('givenName,familyName,email\nA,"B,c@example.lv\n')),
      400,
      'csv-invalid',
      /line 2: a quoted cell is never closed/,
    );
  });

  it('no row that could be issued → 422 listing every row’s reason', async () => {
    const csv = csvOf([
      { givenName: 'A', familyName: '', email: 'x' },
      { givenName: '', familyName: 'B', email: 'b@example.lv' },
    ]);
    await refused(
      () => upload(csv),
      422,
      'no-rows-to-issue',
      /"\/line\/2\/email".*"\/line\/2\/familyName".*"\/line\/3\/givenName"/,
    );
  });

  it('an unknown achievement, a missing setting, or another media type → 422 / 400 / 415', async () => {
    const csv = csvOf(classRows(1, 'settings'));
    await refused(
      () => upload(csv, { achievementId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'unprocessable-entity',
      /no achievement/,
    );
    await refused(
      () => upload(csv, { language: 'lt' }),
      422,
      'language-not-available',
      /no \\"lt\\" edition/,
    );
    await refused(
      () =>
        t.http
          .post('/api/v1/issuance-jobs')
          .query({ language: 'lv' })
          .set(...bearer(issuer.apiKey))
          .set('Content-Type', 'text/csv')
          .send(csv),
      400,
      'invalid-request',
      /achievementId/,
    );
    await refused(
      () =>
        t.http
          .post('/api/v1/issuance-jobs')
          .set(...bearer(issuer.apiKey))
          .set('Content-Type', 'text/plain')
          .send('a,b'),
      415,
      'unsupported-media-type',
      /text\/csv/,
    );
  });

  it('a 5 MB multipart upload → 413, nothing stored', async () => {
    const before = await snapshot(t);
    const big = await t.http
      .post('/api/v1/issuance-jobs')
      .set(...bearer(issuer.apiKey))
      .field('achievementId', achievementId)
      .field('language', 'lv')
      .attach('file', Buffer.alloc(5 * 1024 * 1024, 'x'), { filename: 'junk.csv', contentType: 'text/csv' });
    assertProblem(big, 413, 'payload-too-large');
    assert.equal(await snapshot(t), before);
  });

  describe('with the limits lowered (1,000 rows, 200 KiB), so that rows are written before the limit is hit', () => {
    let small: TestApp;
    let smallIssuer: IssuerFixture;
    let smallAchievement: string;
    const uploadSmall = (csv: Buffer) => {
      const req = small.http
        .post('/api/v1/issuance-jobs')
        .query({ achievementId: smallAchievement, language: 'lv' })
        .set(...bearer(smallIssuer.apiKey))
        .set('Content-Type', 'text/csv')
        .set('Transfer-Encoding', 'chunked');
      for (let i = 0; i < csv.length; i += 16384) req.write(csv.subarray(i, i + 16384));
      return req;
    };
    const refusedSmall = async (csv: Buffer, status: number, code: string, detail: RegExp) => {
      const before = await snapshot(small);
      const res = await uploadSmall(csv);
      assertProblem(res, status, code);
      assert.match(JSON.stringify(res.body), detail);
      assert.equal(await snapshot(small), before, 'the store is unchanged');
    };

    before(async () => {
      small = await startTestApp('issuance_jobs_small', {
        issuanceJobs: { limits: { maxRows: 1000, maxUploadBytes: 200 * 1024 } },
      });
      smallIssuer = await createIssuer(small);
      ({ achievementId: smallAchievement } = await createCatalog(small, smallIssuer));
    });
    after(() => small.close());

    it('an upload sent without a length (chunked) → 413 once the byte limit is passed; the rows written are removed', async () => {
      // rows of 600 bytes: the byte limit is reached before the row limit, after rows were written
      const row = `A,${'b'.repeat(570)},a@example.lv\n`;
      const junk = Buffer.from(`givenName,familyName,email\n${row.repeat((5 * 1024 * 1024) / row.length)}`);
      await refusedSmall(junk, 413, 'payload-too-large', /larger than 200 KiB/);
    });

    it('more rows than the limit → 413 too-many-rows; the rows written are removed', async () => {
      const lines = Array.from({ length: 1001 }, (_, i) => `A,B${i},r${i}@example.lv`);
      await refusedSmall(
        Buffer.from(`givenName,familyName,email\n${lines.join('\n')}\n`),
        413,
        'too-many-rows',
        /at most 1000 rows/,
      );
    });
  });
});
