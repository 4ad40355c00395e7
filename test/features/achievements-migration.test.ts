import assert from 'node:assert/strict';
import {
  createCatalog,
  createIssuer,
  example,
  snapshot,
  startTestApp,
  type TestApp,
} from '../helpers/app.js';
import { asIssuer } from '../helpers/as-issuer.js';

type Body = Record<string, unknown>;

/** Collections that only the new code writes: a store from before it has none of them. */
const NEW_COLLECTIONS = ['achievement_versions', 'achievement_editions', 'achievement_links', 'migrations'];

describe('achievements stored before issue 9 migrate at start', () => {
  let t: TestApp;
  let mongoUri: string;
  let masterKey: string;
  let achievementId: string;
  let parentId: string;
  let credentialId: string;
  let signedAchievement: Body;
  let signedInEnglish: Body;
  const db = () => t.deps.store.connection;
  const restart = async () => {
    await t.close();
    t = await startTestApp('achievements_migration', { mongoUri, masterKey });
  };

  before(async () => {
    t = await startTestApp('achievements_migration');
    ({ mongoUri, masterKey } = t);
    const issuer = await createIssuer(t);
    const ids = await createCatalog(t, issuer);
    achievementId = ids.achievementId;
    parentId = (
      await asIssuer(t, issuer).post('/api/v1/achievements', example('achievement-create.json')).expect(201)
    ).body.id;
    const issued = await asIssuer(t, issuer)
      .post('/api/v1/credentials', { ...ids, language: 'lv', result: { value: '8' } })
      .expect(201);
    credentialId = issued.body.id;
    const inEnglish = await asIssuer(t, issuer)
      .post('/api/v1/credentials', { ...ids, language: 'en', result: { value: '7' } })
      .expect(201);
    // the store as the earlier code left it: old record fields, old edition ids, no versions or editions
    const credentials = db().collection('credentials');
    const makeLegacy = async (id: string, lang: string, asText: boolean): Promise<Body> => {
      const record = await credentials.findOne({ _id: id } as never);
      // records keep the credential as JSON text; those stored before the store change, as an object
      assert.equal(typeof record?.credential, 'string');
      const legacy = JSON.parse(String(record?.credential)) as Body;
      const legacyId = `${t.config.publicUrl}/achievements/${achievementId}/${lang}`;
      Object.assign((legacy.credentialSubject as Body).achievement as Body, { id: legacyId, version: '1.0' });
      await credentials.updateOne({ _id: id } as never, {
        $set: { credential: asText ? JSON.stringify(legacy) : legacy },
      });
      return (legacy.credentialSubject as Body).achievement as Body;
    };
    signedAchievement = await makeLegacy(credentialId, 'lv', true);
    signedInEnglish = await makeLegacy(inEnglish.body.id, 'en', false);
    await db()
      .collection('achievements')
      .updateOne({ _id: achievementId } as never, {
        $set: {
          ectsCredits: 3,
          notionalHours: 80,
          version: '1.0',
          supervision: 'supervised-onsite-identity-verification',
          stackability: { isPartOf: [parentId] },
        },
        $unset: { workload: '' },
      });
    await db()
      .collection('achievements')
      .updateOne({ _id: parentId } as never, { $set: { version: '1.0' }, $unset: { stackability: '' } });
    for (const name of NEW_COLLECTIONS) await db().collection(name).deleteMany({});
    await restart();
  });
  after(() => t.close());

  it('moves ectsCredits and notionalHours into workload, numbers the version, and maps supervision to the EU key', async () => {
    const record = await db()
      .collection('achievements')
      .findOne({ _id: achievementId } as never);
    assert.ok(record);
    assert.deepEqual(record.workload, { hours: 80, credits: { system: 'ects', value: 3 } });
    assert.equal('ectsCredits' in record, false);
    assert.equal('notionalHours' in record, false);
    assert.equal(record.version, 1);
    assert.equal(record.supervision, 'supervised-with-id-verification');
    assert.deepEqual(record.stackability, { mode: 'integrated', isPartOf: [parentId], combines: [] });
  });

  it('mirrors links the earlier code kept on one side only', async () => {
    const parent = await db()
      .collection('achievements')
      .findOne({ _id: parentId } as never);
    assert.equal(parent?.version, 1);
    // the journal holds the pair; the first read of the issuer's achievements repairs it
    const res = await t.http.get(`/achievements/${parentId}`).expect(303);
    assert.match(String(res.headers.location), /\/v\/2\//);
    const repaired = await db()
      .collection('achievements')
      .findOne({ _id: parentId } as never);
    assert.deepEqual(repaired?.stackability, {
      mode: 'stand-alone',
      isPartOf: [],
      combines: [achievementId],
    });
    assert.equal(await db().collection('achievement_links').countDocuments(), 0);
  });

  it('keeps the old achievement.id serving exactly what the credential was signed with', async () => {
    const res = await t.http
      .get(`/achievements/${achievementId}/lv`)
      .set('Accept', 'application/ld+json')
      .expect(200);
    const { '@context': _context, ...served } = JSON.parse(res.text) as Body;
    assert.deepEqual(served, signedAchievement);
    assert.equal(served.version, '1.0');
    const english = await t.http
      .get(`/achievements/${achievementId}/en`)
      .set('Accept', 'application/ld+json')
      .expect(200);
    const { '@context': _en, ...servedInEnglish } = JSON.parse(english.text) as Body;
    assert.deepEqual(servedInEnglish, signedInEnglish, 'a record that keeps the credential as an object');
  });

  it('runs once: a second start changes nothing, and a re-run without its mark changes no record', async () => {
    const before = await snapshot(t);
    await restart();
    assert.equal(await snapshot(t), before);
    await db().collection('migrations').deleteMany({});
    const records = JSON.stringify(await db().collection('achievements').find().sort({ _id: 1 }).toArray());
    const editions = JSON.stringify(
      await db().collection('achievement_editions').find().sort({ _id: 1 }).toArray(),
    );
    await restart();
    assert.equal(
      JSON.stringify(await db().collection('achievements').find().sort({ _id: 1 }).toArray()),
      records,
    );
    assert.equal(
      JSON.stringify(await db().collection('achievement_editions').find().sort({ _id: 1 }).toArray()),
      editions,
    );
    // this migration's one mark (the learner e-mail index keeps a mark of its own there)
    assert.equal(
      await db()
        .collection('migrations')
        .countDocuments({ _id: { $regex: '^achievements' } } as object),
      1,
    );
  });
});
