import { Schema, type Connection, type Model } from 'mongoose';
import type { Logger } from '../../infra/logger.js';
import { batchedInsert, isDuplicateKeyError } from '../../infra/mongo.js';

/**
 * The learner e-mail index: one small document per (issuer, e-mail), addressed by `_id`
 * (`<issuerId>:<lower-cased e-mail>`), naming the learner. A learner found by e-mail is two `_id`
 * lookups on any store; FerretDB's SQLite backend answered the filter `{issuerId, email}` by reading
 * every learner document (README "Storage"). The insert of an entry is what makes an e-mail taken:
 * two creations of the same e-mail race on one unique `_id`.
 */
export interface LearnerEmailDoc {
  _id: string;
  issuerId: string;
  learnerId: string;
  createdAt: Date;
}

const schema = new Schema<LearnerEmailDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    learnerId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'learner_emails', versionKey: false },
);

export const learnerEmailModel = (conn: Connection): Model<LearnerEmailDoc> =>
  conn.models.LearnerEmail ?? conn.model<LearnerEmailDoc>('LearnerEmail', schema);

/** E-mail addresses name one learner whatever their letter case (as the rows of a job are matched). */
export const normaliseEmail = (email: string): string => email.toLowerCase();
export const emailKey = (issuerId: string, email: string): string => `${issuerId}:${normaliseEmail(email)}`;

export function createLearnerEmails(conn: Connection, clock: () => Date = () => new Date()) {
  const model = learnerEmailModel(conn);
  const insert = batchedInsert(model); // the creations of a job's rows take their e-mails together
  const entry = async (_id: string) =>
    ((await model.findById(_id, { learnerId: 1, createdAt: 1 }).lean()) as Holder | null) ?? undefined;
  const holder = async (_id: string) => (await entry(_id))?.learnerId;
  return {
    /** the learner the issuer's e-mail names, if any (the caller checks the learner still has it) */
    lookup: (issuerId: string, email: string) => holder(emailKey(issuerId, email)),
    /** Takes the e-mail for `learnerId`: the entry holding it, ours when the insert won. */
    async claim(issuerId: string, email: string, learnerId: string): Promise<Holder> {
      const _id = emailKey(issuerId, email);
      const createdAt = clock();
      if ((await insert({ _id, issuerId, learnerId, createdAt })).inserted) return { learnerId, createdAt };
      // removed in between (a stale entry repaired): the e-mail is free again
      return (await entry(_id)) ?? this.claim(issuerId, email, learnerId);
    },
    /** Points a stale entry (its learner no longer has the e-mail, or is gone) at `learnerId`. */
    async repoint(issuerId: string, email: string, learnerId: string): Promise<void> {
      const _id = emailKey(issuerId, email);
      await model.replaceOne({ _id }, { _id, issuerId, learnerId, createdAt: clock() }, { upsert: true });
    },
    /** Frees the e-mail when `learnerId` holds it (read, then delete by `_id` alone). */
    async release(issuerId: string, email: string, learnerId: string): Promise<void> {
      const _id = emailKey(issuerId, email);
      if ((await holder(_id)) === learnerId) await model.deleteOne({ _id });
    },
  };
}

export type LearnerEmails = ReturnType<typeof createLearnerEmails>;

/** Who holds an e-mail, since when. */
export interface Holder {
  learnerId: string;
  createdAt: Date;
}

const MIGRATION_ID = 'learner-emails-v1';
const BATCH = 500;

/** Inserts the entries of one batch; an e-mail already held (an earlier run, a case variant) stays as is. */
async function insertBatch(conn: Connection, docs: LearnerEmailDoc[]): Promise<number> {
  try {
    return (await conn.collection<LearnerEmailDoc>('learner_emails').insertMany(docs, { ordered: false }))
      .insertedCount;
  } catch (error) {
    const e = error as { writeErrors?: unknown[] | unknown };
    const writeErrors = e.writeErrors === undefined ? [error] : [e.writeErrors].flat();
    if (!writeErrors.every(isDuplicateKeyError)) throw error;
    return docs.length - writeErrors.length;
  }
}

/**
 * Gives every learner stored before the index existed its entry: one pass over the learners (a cursor,
 * `BATCH` at a time, so memory stays bounded), unordered inserts whose duplicates are ignored, then a
 * mark so later starts skip it. Idempotent: instances starting together, or a start interrupted half
 * way, do no harm. Of learners whose e-mails differ in letter case only, the first met keeps the entry.
 */
export async function migrateLearnerEmails(
  conn: Connection,
  { logger, clock }: { logger: Logger; clock: () => Date },
): Promise<void> {
  const marks = conn.collection<{ _id: string; at: Date }>('migrations');
  if (await marks.findOne({ _id: MIGRATION_ID })) return;
  const learners = conn.collection<{ _id: string; issuerId: string; email: string }>('learners');
  let batch: LearnerEmailDoc[] = [];
  let inserted = 0;
  const cursor = learners.find({}, { projection: { issuerId: 1, email: 1 } }).batchSize(BATCH);
  for await (const l of cursor) {
    batch.push({
      _id: emailKey(l.issuerId, l.email),
      issuerId: l.issuerId,
      learnerId: l._id,
      createdAt: clock(),
    });
    if (batch.length >= BATCH) [inserted, batch] = [inserted + (await insertBatch(conn, batch)), []];
  }
  if (batch.length) inserted += await insertBatch(conn, batch);
  await marks
    .updateOne({ _id: MIGRATION_ID }, { $setOnInsert: { at: clock() } }, { upsert: true })
    .catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  logger.info('learner e-mail index built', { migration: MIGRATION_ID, entries: inserted });
}
