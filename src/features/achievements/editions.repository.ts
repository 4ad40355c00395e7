import { Schema, type Connection, type Model } from 'mongoose';
import type { AchievementVersion } from '../../core/types.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';

/** One version of an achievement: what the record said while it was current (content fields only). */
interface VersionDoc {
  _id: string;
  achievementId: string;
  issuerId: string;
  version: number;
  content: Record<string, unknown>;
  changed: string[];
  createdAt: Date;
}

/** A frozen edition: the exact JSON-LD text served at an `achievement.id` that credentials carry. */
interface EditionDoc {
  _id: string;
  achievementId: string;
  document: string;
  createdAt: Date;
}

/** Make `target`'s reverse link agree with `source`'s `field` (the side the issuer changed). */
export interface LinkPair {
  issuerId: string;
  source: string;
  target: string;
  field: 'isPartOf' | 'combines';
  at: Date;
}

/** A stackability pair whose far side may still need updating; removed once it agrees. */
type LinkJournalDoc = LinkPair & { _id: string };

const versionSchema = new Schema<VersionDoc>(
  {
    _id: { type: String, required: true },
    achievementId: { type: String, required: true },
    issuerId: { type: String, required: true },
    version: { type: Number, required: true },
    content: { type: Schema.Types.Mixed, required: true },
    changed: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'achievement_versions', minimize: false },
);

const editionSchema = new Schema<EditionDoc>(
  {
    _id: { type: String, required: true },
    achievementId: { type: String, required: true },
    document: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'achievement_editions' },
);

const journalSchema = new Schema<LinkJournalDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    source: { type: String, required: true },
    target: { type: String, required: true },
    field: { type: String, enum: ['isPartOf', 'combines'], required: true },
    at: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'achievement_links' },
);

const pairKey = (p: LinkPair): string => `${p.source}>${p.field}>${p.target}`;

const model = <T>(conn: Connection, name: string, schema: Schema<T>): Model<T> =>
  (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);

/**
 * An upsert, tried again when another writer inserted the same `_id` first (instances starting
 * together, concurrent requests): the store then reports a duplicate key, and the second try updates.
 */
async function upsert(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await write();
  }
}

export const versionKey = (achievementId: string, version: number): string => `${achievementId}@${version}`;

const toVersion = (d: VersionDoc): AchievementVersion & { content: Record<string, unknown> } => ({
  achievementId: d.achievementId,
  version: d.version,
  createdAt: new Date(d.createdAt).toISOString(),
  changed: [...(d.changed ?? [])],
  content: d.content,
});

function versionTable(conn: Connection) {
  const versions = model(conn, 'AchievementVersion', versionSchema);
  return {
    /** Records a version once; a second call for the same version keeps the first. */
    async putVersion(doc: Omit<VersionDoc, '_id'>): Promise<void> {
      const _id = versionKey(doc.achievementId, doc.version);
      await upsert(() => versions.updateOne({ _id }, { $setOnInsert: { ...doc, _id } }, { upsert: true }));
    },
    async getVersion(achievementId: string, version: number) {
      const doc = await versions.findById(versionKey(achievementId, version)).lean<VersionDoc>();
      return doc ? toVersion(doc) : undefined;
    },
    /** The versions with these numbers that exist, newest first. */
    async listVersions(achievementId: string, numbers: number[]) {
      const ids = numbers.map((n) => versionKey(achievementId, n));
      const docs = await versions.find({ _id: { $in: ids } }).lean<VersionDoc[]>();
      return docs.map(toVersion).sort((a, b) => b.version - a.version);
    },
  };
}

function editionTable(conn: Connection) {
  const editions = model(conn, 'AchievementEdition', editionSchema);
  return {
    /** Freezes an edition unless one is frozen already; returns the one that stays. */
    async freezeEdition(key: string, achievementId: string, document: string, at: Date): Promise<string> {
      try {
        await editions.create({ _id: key, achievementId, document, createdAt: at });
        return document;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const existing = await editions.findById(key).lean<EditionDoc>();
        if (!existing) throw error;
        return existing.document;
      }
    },
    async getEdition(key: string): Promise<string | undefined> {
      return (await editions.findById(key).lean<EditionDoc>())?.document;
    },
  };
}

function linkJournal(conn: Connection) {
  const journal = model(conn, 'AchievementLinkJournal', journalSchema);
  return {
    /** Notes pairs to reconcile before either side changes (one document each: no shared document to race on). */
    async addPairs(pairs: LinkPair[]): Promise<void> {
      for (const pair of pairs)
        await upsert(() =>
          journal.updateOne({ _id: pairKey(pair) }, { $set: { ...pair } }, { upsert: true }),
        );
    },
    /**
     * The issuer's pairs not yet reconciled. The journal holds only pairs in flight (each is removed as
     * soon as both sides agree), so this scan stays small whatever the number of achievements.
     */
    async pendingPairs(issuerId: string): Promise<LinkPair[]> {
      const docs = await journal.find({ issuerId }).lean<LinkJournalDoc[]>();
      return docs.map(({ _id: _ignored, ...pair }) => ({ ...pair, at: new Date(pair.at) }));
    },
    async removePair(pair: LinkPair): Promise<void> {
      await journal.deleteOne({ _id: pairKey(pair) });
    },
  };
}

/**
 * Versions, frozen editions and the stackability journal of achievements. Every lookup is by `_id`
 * (the only lookup the embedded store keeps fast as collections grow); every write is idempotent, so a
 * step repeated after a crash changes nothing.
 */
export function createEditionsRepository(conn: Connection) {
  return { ...versionTable(conn), ...editionTable(conn), ...linkJournal(conn) };
}

export type EditionsRepository = ReturnType<typeof createEditionsRepository>;
