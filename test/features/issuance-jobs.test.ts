import assert from 'node:assert/strict';
import type { Db } from 'mongodb';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { classRows, csvOf, storeFacts, waitForJob, type JobBody } from '../helpers/issuance-jobs.js';
import { assertProblem } from '../helpers/problem.js';

interface ResultRow {
  row: number;
  outcome: string;
  credentialId?: string;
  credentialUrl?: string;
  code?: string;
  detail?: string;
  errors?: Array<{ pointer: string; detail: string }>;
  learner: Record<string, string>;
}

describe('issuance jobs: a class issued from a CSV file', function () {
  this.timeout(300_000);
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;
  let db: Db;

  const upload = (csv: Buffer, q: Record<string, string> = {}, key = issuer.apiKey) =>
    t.http
      .post('/api/v1/issuance-jobs')
      .query({ achievementId, language: 'lv', ...q })
      .set(...bearer(key))
      .set('Content-Type', 'text/csv')
      .send(csv);
  const job = async (id: string, key = issuer.apiKey): Promise<JobBody> =>
    (
      await t.http
        .get(`/api/v1/issuance-jobs/${id}`)
        .set(...bearer(key))
        .expect(200)
    ).body;
  const allResults = async (id: string, key = issuer.apiKey): Promise<ResultRow[]> => {
    const out: ResultRow[] = [];
    for (let page = 1; ; page += 1) {
      const res = await t.http
        .get(`/api/v1/issuance-jobs/${id}/results?page=${page}&pageSize=100`)
        .set(...bearer(key))
        .expect(200);
      out.push(...res.body.items);
      if (out.length >= res.body.total) return out;
    }
  };

  before(async () => {
    t = await startTestApp('issuance_jobs');
    issuer = await createIssuer(t);
    ({ achievementId } = await createCatalog(t, issuer));
    db = t.deps.store.connection.db as unknown as Db;
  });
  after(() => t.close());

  describe('200 good rows and bad ones', () => {
    let own: IssuerFixture;
    let created: JobBody;
    let results: ResultRow[];
    const good = classRows(200, 'class-a');
    // line numbers: the header is line 1, the 200 good rows lines 2–201, then these
    const bad = [
      {
        line: 202,
        cells: ['', 'Bērziņa', 'no.name@example.lv', '8'],
        pointer: '/givenName',
        why: /required/,
      },
      { line: 203, cells: ['Anna', 'Liepiņa', 'not-an-email', '8'], pointer: '/email', why: /email/ },
      {
        line: 204,
        cells: ['Ģirts', 'Ķēniņš-0', 'CLASS-A.0@example.lv', '9'],
        pointer: '/email',
        why: /same learner as row 2/,
      },
      {
        line: 205,
        cells: ['Jānis', 'Ozols', 'janis.ozols@example.lv', '7', 'extra'],
        pointer: '/4',
        why: /5 cells but the header names 4/,
      },
      {
        line: 206,
        cells: ['Ilze', 'x'.repeat(201), 'ilze@example.lv', '7'],
        pointer: '/familyName',
        why: /200/,
      },
    ];
    const refusedByIssuing = { line: 207, cells: ['Rūta', 'Kalniņa', 'ruta.kalnina@example.lv', '11'] };

    before(async () => {
      own = await createIssuer(t);
      const ownAchievement = (await createCatalog(t, own)).achievementId;
      const raw = [...bad, refusedByIssuing].map((b) =>
        b.cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','),
      );
      const res = await upload(
        csvOf(good, { bom: true, raw }),
        { achievementId: ownAchievement },
        own.apiKey,
      );
      assert.equal(res.status, 202, res.text);
      created = res.body;
      assert.equal(res.headers.location, created.links.self);
      assert.match(created.id, /^[0-9a-f-]{36}$/);
      assert.equal(created.state, 'queued');
      assert.deepEqual(created.counts, {
        total: 206,
        issued: 0,
        refused: 5,
        failed: 0,
        cancelled: 0,
        pending: 201,
      });
      const done = await waitForJob(() => job(created.id, own.apiKey));
      assert.equal(done.state, 'done');
      assert.deepEqual(done.counts, {
        total: 206,
        issued: 200,
        refused: 6,
        failed: 0,
        cancelled: 0,
        pending: 0,
      });
      assert.equal(done.progress.percent, 100);
      results = await allResults(created.id, own.apiKey);
    });

    it('issues exactly the 200 good rows: 200 credentials and 200 learners in the store, one per row', async () => {
      const facts = await storeFacts(db, own.id);
      assert.equal(facts.credentials.length, 200);
      assert.equal(new Set(facts.credentials.map((c) => c.learnerId)).size, 200);
      const registered = facts.learners.map((l) => l.email).filter((e) => e.startsWith('class-a.'));
      assert.deepEqual(registered.sort(), good.map((g) => g.email).sort());
      assert.equal(facts.learners.length, 201, 'the class and the catalogue’s example learner');
      assert.deepEqual(facts.orphanEntries, [], 'every status index belongs to a stored credential');
      assert.deepEqual(facts.pendingClaims, []);
      const issued = results.filter((r) => r.outcome === 'issued');
      assert.deepEqual(
        issued.map((r) => r.row),
        good.map((_, i) => i + 2),
      );
      assert.deepEqual(issued.map((r) => r.credentialId).sort(), facts.credentials.map((c) => c._id).sort());
    });

    it("lists each bad row's number and reason, and issued nothing for it", () => {
      for (const b of bad) {
        const r = results.find((x) => x.row === b.line);
        assert.ok(r, `row ${b.line} is listed`);
        assert.equal(r.outcome, 'refused', JSON.stringify(r));
        assert.equal(r.credentialId, undefined);
        const error = r.errors?.find((e) => e.pointer === b.pointer);
        assert.ok(error, `row ${b.line}: an error at ${b.pointer} in ${JSON.stringify(r.errors)}`);
        assert.match(error.detail, b.why);
      }
      const late = results.find((x) => x.row === refusedByIssuing.line);
      assert.equal(late?.outcome, 'refused');
      assert.equal(late?.code, 'unprocessable-entity');
      assert.deepEqual(
        late?.errors?.map((e) => e.pointer),
        ['/result'],
      );
      assert.deepEqual(
        results.map((r) => r.row),
        [...good.map((_, i) => i + 2), 202, 203, 204, 205, 206, 207],
      );
    });

    it('keeps Latvian and Lithuanian letters intact, from the file into the signed credential', async () => {
      const first = results[0] as ResultRow;
      assert.deepEqual(first.learner, {
        givenName: 'Ģirts',
        familyName: 'Ķēniņš-0',
        email: 'class-a.0@example.lv',
      });
      const res = await t.http.get(new URL(String(results[1]?.credentialUrl)).pathname + '.json').expect(200);
      const names = JSON.parse(res.text).credentialSubject.identifier.map(
        (i: { identityHash: string }) => i.identityHash,
      );
      assert.ok(names.includes('Žydrūnė Čepulionytė-1'), JSON.stringify(names));
      const learner = results.find((r) => r.learner.givenName === 'Ąžuolas');
      assert.equal(learner?.learner.familyName, 'Žąsinas-5');
    });

    it('serves the results as a CSV file: UTF-8 with BOM, a line per row, credential links and reasons', async () => {
      const res = await t.http
        .get(`/api/v1/issuance-jobs/${created.id}/results.csv`)
        .set(...bearer(own.apiKey))
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
      const body = res.body as Buffer;
      assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const lines = body.subarray(3).toString('utf8').trim().split('\n');
      assert.equal(
        lines[0],
        'row,outcome,credentialUrl,credentialId,givenName,familyName,email,learnerId,code,reason',
      );
      assert.equal(lines.length, 207);
      const second = results[1] as ResultRow;
      assert.equal(
        lines[2],
        `3,issued,${second.credentialUrl},${second.credentialId},Žydrūnė,Čepulionytė-1,class-a.1@example.lv,,,`,
      );
      assert.match(lines[202] ?? '', /^203,refused,,,Anna,Liepiņa,not-an-email,,invalid-request,.*email/);
    });
  });

  it('reads ;-separated files without BOM, quoted cells, blank lines and header names in any case', async () => {
    const rows = classRows(3, 'class-b');
    const csv = Buffer.from(
      `Given Name;FAMILY_NAME;e-mail;Result\n"${rows[0]?.givenName}";"Kalniņa; Ozola";${rows[0]?.email};8\n\n` +
        `${rows[1]?.givenName};"Ūdre ""Jr""";${rows[1]?.email};9\n;;;\n${rows[2]?.givenName};Ėglė;${rows[2]?.email};\n`,
    );
    const res = await upload(csv);
    assert.equal(res.status, 202, res.text);
    const done = await waitForJob(() => job(res.body.id));
    assert.deepEqual([done.state, done.counts.issued, done.counts.total], ['done', 3, 3]);
    const items = (
      await t.http
        .get(`/api/v1/issuance-jobs/${res.body.id}/results`)
        .set(...bearer(issuer.apiKey))
        .expect(200)
    ).body.items as ResultRow[];
    assert.deepEqual(
      items.map((r) => [r.row, r.learner.familyName]),
      [
        [2, 'Kalniņa; Ozola'],
        [4, 'Ūdre "Jr"'],
        [6, 'Ėglė'],
      ],
    );
  });

  it('takes learners as JSON too: each row checked on its own, refusals pointed at by position', async () => {
    const before = (await storeFacts(db, issuer.id)).credentials.length;
    const [a, b] = classRows(2, 'class-c');
    const res = await t.http
      .post('/api/v1/issuance-jobs')
      .set(...bearer(issuer.apiKey))
      .send({
        achievementId,
        language: 'en',
        awardedDate: '2026-01-15',
        learners: [a, { ...b, email: 'nope' }, { learnerId: 'x', givenName: 'Y' }],
      });
    assert.equal(res.status, 202, res.text);
    const done = await waitForJob(() => job(res.body.id));
    assert.deepEqual(done.counts, { total: 3, issued: 1, refused: 2, failed: 0, cancelled: 0, pending: 0 });
    const items = (
      await t.http
        .get(`/api/v1/issuance-jobs/${res.body.id}/results`)
        .set(...bearer(issuer.apiKey))
        .expect(200)
    ).body.items as ResultRow[];
    assert.deepEqual(
      items.map((r) => [r.row, r.outcome]),
      [
        [1, 'issued'],
        [2, 'refused'],
        [3, 'refused'],
      ],
    );
    assert.deepEqual(items[2]?.errors?.map((e) => e.pointer).sort(), ['/learnerId']);
    const credential = (
      await t.http
        .get(`/api/v1/credentials/${items[0]?.credentialId}`)
        .set(...bearer(issuer.apiKey))
        .expect(200)
    ).body;
    assert.equal(credential.language, 'en');
    assert.equal(credential.awardedDate, '2026-01-15T00:00:00.000Z');
    assert.equal((await storeFacts(db, issuer.id)).credentials.length, before + 1);
  });

  it('takes a multipart/form-data upload (settings as form fields, then the file)', async () => {
    const rows = classRows(2, 'multipart');
    const res = await t.http
      .post('/api/v1/issuance-jobs')
      .set(...bearer(issuer.apiKey))
      .field('achievementId', achievementId)
      .field('language', 'lv')
      .attach('file', csvOf(rows, { separator: ';' }), { filename: 'klase-2b.csv', contentType: 'text/csv' });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.fileName, 'klase-2b.csv');
    const done = await waitForJob(() => job(res.body.id));
    assert.deepEqual([done.state, done.counts.issued], ['done', 2]);
  });

  it('cancel stops further rows: rows not begun are cancelled, nothing more is issued', async () => {
    const before = (await storeFacts(db, issuer.id)).credentials.length;
    const res = await upload(csvOf(classRows(120, 'cancel')));
    assert.equal(res.status, 202, res.text);
    const cancelled = await t.http
      .post(`/api/v1/issuance-jobs/${res.body.id}/cancel`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.equal(cancelled.body.state, 'cancelled');
    const done = await waitForJob(() => job(res.body.id));
    assert.equal(done.state, 'cancelled');
    assert.equal(done.counts.issued + done.counts.cancelled, 120);
    assert.ok(done.counts.cancelled > 0, JSON.stringify(done.counts));
    const after = (await storeFacts(db, issuer.id)).credentials.length;
    assert.equal(after - before, done.counts.issued, 'exactly the rows reported issued were issued');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await storeFacts(db, issuer.id)).credentials.length, after, 'and nothing after');
    const again = await t.http
      .post(`/api/v1/issuance-jobs/${res.body.id}/cancel`)
      .set(...bearer(issuer.apiKey))
      .expect(200);
    assert.equal(again.body.state, 'cancelled');
  });

  it('a finished job cannot be cancelled (409)', async () => {
    const res = await upload(csvOf(classRows(1, 'finished')));
    await waitForJob(() => job(res.body.id));
    const answer = await t.http
      .post(`/api/v1/issuance-jobs/${res.body.id}/cancel`)
      .set(...bearer(issuer.apiKey));
    assertProblem(answer, 409, 'issuance-job-finished');
  });

  it('other issuers can neither see nor cancel a job (404), and the job runs on', async () => {
    const other = await createIssuer(t);
    const res = await upload(csvOf(classRows(30, 'private')));
    const id = res.body.id as string;
    for (const path of [
      `/api/v1/issuance-jobs/${id}`,
      `/api/v1/issuance-jobs/${id}/results`,
      `/api/v1/issuance-jobs/${id}/results.csv`,
    ])
      assertProblem(await t.http.get(path).set(...bearer(other.apiKey)), 404, 'not-found');
    assertProblem(
      await t.http.post(`/api/v1/issuance-jobs/${id}/cancel`).set(...bearer(other.apiKey)),
      404,
      'not-found',
    );
    const done = await waitForJob(() => job(id));
    assert.deepEqual([done.state, done.counts.issued], ['done', 30]);
    assertProblem(await t.http.get(`/api/v1/issuance-jobs/${id}`), 401, 'unauthorized');
  });
});
