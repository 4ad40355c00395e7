import assert from 'node:assert/strict';
import {
  bearer,
  createCatalog,
  createIssuer,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { classRows, csvOf, waitForJob, type JobBody } from '../helpers/issuance-jobs.js';

const FILTERED =
  /^(find|findOne|findOneAndUpdate|findOneAndDelete|updateOne|updateMany|deleteOne|deleteMany|countDocuments|replaceOne|distinct|aggregate)$/;

interface Op {
  collection: string;
  method: string;
  filter: unknown;
}

/**
 * The collections of the job's rows, its learners and its credentials. (Outside them, reads this test
 * leaves alone: the API key of each HTTP request by its hash, the issuer's achievement links and
 * signing key by `issuerId`; each scans a collection that grows with issuers and catalogs, not with
 * learners or credentials.)
 */
const WATCHED =
  /^(learners|learner_emails|issuance_job.*|credentials|credential_lists|idempotency_keys|status_.*|leases)$/;

/**
 * What a lookup may be on FerretDB's SQLite backend, which serves `_id` equality alone from an index:
 * by `_id`; a lease holder's `{_id, token}` on `leases` (live leases only); the job queue read whole
 * (one entry per unfinished job).
 */
function scans(ops: Op[]): Op[] {
  return ops.filter((op) => {
    if (!WATCHED.test(op.collection) || !FILTERED.test(op.method)) return false;
    const filter = (op.filter ?? {}) as Record<string, unknown>;
    const keys = Object.keys(filter);
    if (keys.length === 1 && keys[0] === '_id' && typeof filter._id === 'string') return false;
    if (op.collection === 'leases' && keys.length === 2 && keys.includes('_id') && keys.includes('token'))
      return false;
    return !(op.collection === 'issuance_job_queue' && op.method === 'find' && keys.length === 0);
  });
}

describe('issuance jobs on FerretDB: a job naming learners by e-mail looks everything up by _id', function () {
  this.timeout(300_000);
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;
  const ops: Op[] = [];

  before(async () => {
    t = await startTestApp('issuance_jobs_store_paths');
    issuer = await createIssuer(t);
    ({ achievementId } = await createCatalog(t, issuer));
    t.deps.store.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      ops.push({ collection, method, filter: args[0] });
    });
  });
  after(() => t.close());

  const runJob = async (csv: Buffer): Promise<JobBody> => {
    const created = await t.http
      .post('/api/v1/issuance-jobs')
      .query({ achievementId, language: 'lv' })
      .set(...bearer(issuer.apiKey))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(202);
    return waitForJob(
      async () =>
        (
          await t.http
            .get(`/api/v1/issuance-jobs/${created.body.id}`)
            .set(...bearer(issuer.apiKey))
            .expect(200)
        ).body,
    );
  };

  it('new learners and learners registered before (by e-mail, any letter case): no filter but _id', async () => {
    const tag = `paths-${Date.now()}`;
    const known = classRows(3, tag, 0);
    for (const row of known)
      await t.http
        .post('/api/v1/learners')
        .set(...bearer(issuer.apiKey))
        .send({ givenName: row.givenName, familyName: row.familyName, email: row.email })
        .expect(201);
    const rows = [...known.map((r) => ({ ...r, email: r.email.toUpperCase() })), ...classRows(30, tag, 3)];
    ops.length = 0;
    const job = await runJob(csvOf(rows));
    const seen = [...ops];
    assert.deepEqual(scans(seen), []);
    assert.equal(job.counts.issued, rows.length, JSON.stringify(job.counts));
    for (const collection of ['learners', 'learner_emails', 'credentials', 'issuance_job_results'])
      assert.ok(
        seen.some((op) => op.collection === collection),
        `the watch sees the job's traffic to ${collection}`,
      );
    const learners = await t.deps.store.connection
      .db!.collection('learners')
      .countDocuments({ issuerId: issuer.id, email: { $regex: `^${tag}`, $options: 'i' } });
    assert.equal(learners, rows.length, 'the registered learners were reused, the new ones registered once');
  });
});
