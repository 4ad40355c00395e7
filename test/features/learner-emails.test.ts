import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { migrateLearnerEmails } from '../../src/features/learners/learner-emails.js';
import { createLogger } from '../../src/infra/logger.js';
import {
  bearer,
  createCatalog,
  createIssuer,
  example,
  startTestApp,
  type IssuerFixture,
  type TestApp,
} from '../helpers/app.js';
import { assertProblem } from '../helpers/problem.js';

const BASE = '/api/v1/learners';

describe('learners by e-mail: an _id-addressed index (learner_emails), race-safe, built for stored learners', function () {
  this.timeout(120_000);
  let t: TestApp;
  let issuer: IssuerFixture;
  let achievementId: string;
  let db: Db;
  let n = 0;
  const email = (tag: string) => `${tag}.${Date.now()}.${(n += 1)}@example.lv`;
  const body = (address: string) => ({ ...example('learner-create.json'), email: address });
  const post = (address: string, key = issuer.apiKey) =>
    t.http
      .post(BASE)
      .set(...bearer(key))
      .send(body(address));
  /** Issues to a learner given inline by e-mail: the credential's learner is the one the e-mail names. */
  const issueTo = async (address: string): Promise<string> => {
    const res = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({
        achievementId,
        language: 'lv',
        learner: { givenName: 'Anna', familyName: 'Liepa', email: address },
      })
      .expect(201);
    const stored = await db.collection('credentials').findOne({ _id: res.body.id });
    return String(stored?.learnerId);
  };
  const learnersWith = (address: string) =>
    db
      .collection('learners')
      .find({ issuerId: issuer.id })
      .toArray()
      .then((all) => all.filter((l) => String(l.email).toLowerCase() === address.toLowerCase()));
  const entry = (address: string) =>
    db.collection('learner_emails').findOne({ _id: `${issuer.id}:${address.toLowerCase()}` as never });

  before(async () => {
    t = await startTestApp('learner_emails');
    issuer = await createIssuer(t);
    ({ achievementId } = await createCatalog(t, issuer));
    const found = t.deps.store.connection.db;
    if (!found) throw new Error('no database');
    db = found;
  });
  after(() => t.close());

  it('eight creations of one e-mail at once (in several letter cases) give one learner, the others 409', async () => {
    const address = email('race');
    const spellings = [address, address.toUpperCase(), address.replace(/^r/, 'R')];
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => post(spellings[i % 3] as string)));
    const created = answers.filter((r) => r.status === 201);
    assert.equal(created.length, 1, answers.map((r) => r.status).join(','));
    for (const res of answers.filter((r) => r.status !== 201))
      assertProblem(res, 409, 'conflict', ['/email']);
    const stored = await learnersWith(address);
    assert.deepEqual(
      stored.map((l) => l._id),
      [created[0]?.body.id],
      'one learner is stored: the losers removed theirs',
    );
    assert.equal((await entry(address))?.learnerId, created[0]?.body.id);
    const audits = await db
      .collection('audit_log')
      .countDocuments({ action: 'learner.created', targetId: { $in: answers.map((r) => r.body.id) } });
    assert.equal(audits, 1, 'only the learner that exists is audited as created');
  });

  it('issuing by e-mail in another letter case names the registered learner, registering nobody', async () => {
    const address = email('Case');
    const learner = (await post(address).expect(201)).body;
    assert.equal(await issueTo(address.toUpperCase()), learner.id);
    assert.equal(await issueTo(address.toLowerCase()), learner.id);
    assert.equal((await learnersWith(address)).length, 1);
  });

  it('issuing twice at once to a new e-mail registers one learner; both credentials name it', async () => {
    const address = email('twice');
    const issue = () =>
      t.http
        .post('/api/v1/credentials')
        .set(...bearer(issuer.apiKey))
        .send({
          achievementId,
          language: 'lv',
          learner: { givenName: 'Ona', familyName: 'Kalnė', email: address },
        });
    const answers = await Promise.all([issue(), issue()]);
    const stored = await learnersWith(address);
    assert.equal(stored.length, 1, 'one learner');
    // a request that lost the race for the learner may be refused (409), never given a second learner
    for (const res of answers) assert.ok([201, 409].includes(res.status), `${res.status}`);
    for (const res of answers.filter((r) => r.status === 201)) {
      const doc = await db.collection('credentials').findOne({ _id: res.body.id });
      assert.equal(doc?.learnerId, stored[0]?._id);
    }
    assert.equal(await issueTo(address), stored[0]?._id, 'and a retry issues to it');
  });

  it('an e-mail change takes the new e-mail and frees the old one', async () => {
    const [before, after] = [email('old'), email('new')];
    const learner = (await post(before).expect(201)).body;
    await t.http
      .patch(`${BASE}/${learner.id}`)
      .set(...bearer(issuer.apiKey))
      .send({ email: after })
      .expect(200);
    assert.equal((await entry(before)) ?? undefined, undefined, 'the old entry is gone');
    assert.equal((await entry(after))?.learnerId, learner.id);
    assert.equal(await issueTo(after.toUpperCase()), learner.id);
    const other = (await post(before).expect(201)).body;
    assert.notEqual(other.id, learner.id, 'the old e-mail can be registered again');
    assertProblem(await post(after.toUpperCase()), 409, 'conflict', ['/email']);
  });

  it('a learner stored without its entry (a crash between the two inserts) gets it back when its e-mail is registered again', async () => {
    const address = email('crash');
    const id = randomUUID();
    const now = new Date();
    await db.collection('learners').insertOne({
      _id: id as never,
      issuerId: issuer.id,
      givenName: 'Ilze',
      familyName: 'Bērziņa',
      email: address,
      preferredLanguage: 'lv',
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    assertProblem(await post(address), 409, 'conflict', ['/email']);
    assert.equal((await entry(address))?.learnerId, id);
    assert.equal(await issueTo(address), id);
  });

  it('an issuance replaying a row whose learner was stored without its entry (a crash) issues to that learner at once', async () => {
    const address = email('replay');
    const id = randomUUID();
    const now = new Date();
    // exactly what issueTo gives inline: the learner a dead attempt at the same request registered
    await db.collection('learners').insertOne({
      _id: id as never,
      issuerId: issuer.id,
      givenName: 'Anna',
      familyName: 'Liepa',
      email: address,
      preferredLanguage: 'lv',
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    assert.equal(await issueTo(address), id, 'one request, no 409');
    assert.equal((await entry(address))?.learnerId, id);
    assert.equal((await learnersWith(address)).length, 1);
  });

  it('an entry whose learner lacks the e-mail is taken over once stale (a minute old), and holds while younger (a change under way)', async () => {
    const holder = (await post(email('holder')).expect(201)).body;
    const [fresh, stale] = [email('fresh'), email('stale')];
    const plant = (address: string, createdAt: Date) =>
      db.collection('learner_emails').insertOne({
        _id: `${issuer.id}:${address}` as never,
        issuerId: issuer.id,
        learnerId: holder.id,
        createdAt,
      });
    await plant(fresh, new Date());
    await plant(stale, new Date(Date.now() - 61_000));
    assertProblem(await post(fresh), 409, 'conflict', ['/email']);
    assert.equal((await entry(fresh))?.learnerId, holder.id, 'a young entry holds');
    const learner = await issueTo(stale);
    assert.notEqual(learner, holder.id, 'the stale entry did not name the learner');
    assert.equal((await entry(stale))?.learnerId, learner, 'and now names the new one');
  });

  it('the migration gives learners stored before the index their entries, once, whatever is stored twice', async () => {
    const other = await createIssuer(t);
    const now = new Date();
    const old = (i: number, address: string) => ({
      _id: randomUUID() as never,
      issuerId: other.id,
      givenName: 'Jānis',
      familyName: `Ozols-${i}`,
      email: address,
      preferredLanguage: 'lv',
      status: 'active',
      createdAt: new Date(now.getTime() + i),
      updatedAt: now,
    });
    // more than one batch, and two learners whose e-mails differ only in letter case
    const records = Array.from({ length: 1203 }, (_, i) => old(i, `old.${i}@example.lv`));
    records.push(old(9999, 'OLD.7@example.lv'));
    await db.collection('learners').insertMany(records);
    await db.collection('migrations').deleteOne({ _id: 'learner-emails-v1' as never });
    const logger = createLogger('error', () => undefined);
    const clock = () => new Date();
    await Promise.all([
      migrateLearnerEmails(t.deps.store.connection, { logger, clock }),
      migrateLearnerEmails(t.deps.store.connection, { logger, clock }),
    ]);
    await migrateLearnerEmails(t.deps.store.connection, { logger, clock });
    const entries = await db.collection('learner_emails').find({ issuerId: other.id }).toArray();
    assert.equal(entries.length, 1203, 'one entry per e-mail');
    const holders = new Map(entries.map((e) => [e._id as unknown as string, e.learnerId]));
    for (const r of records.slice(0, 1203)) {
      // of the two spellings of old.7, whichever the migration met first keeps the entry
      const allowed = r.email === 'old.7@example.lv' ? [r._id, records[1203]?._id] : [r._id];
      assert.ok(allowed.includes(holders.get(`${other.id}:${r.email}`)), r.email);
    }
    assert.ok(
      await db.collection('migrations').findOne({ _id: 'learner-emails-v1' as never }),
      'marked done',
    );
    const res = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(other.apiKey))
      .send({
        achievementId: (await createCatalog(t, other)).achievementId,
        language: 'lv',
        learner: { givenName: 'Jānis', familyName: 'Ozols', email: 'Old.1202@Example.lv' },
      })
      .expect(201);
    const doc = await db.collection('credentials').findOne({ _id: res.body.id });
    assert.equal(doc?.learnerId, records[1202]?._id, 'a migrated learner is found by e-mail');
  });
});
