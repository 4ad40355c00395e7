import type { Connection } from 'mongoose';
import { OB3_CONTEXT } from '../../core/ob3/constants.js';
import { LEGACY_SUPERVISION } from '../../core/vocab/supervision.js';
import type { Logger } from '../../infra/logger.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import { isExternalRef } from './achievement-rules.js';
import type { EditionsRepository, LinkPair } from './editions.repository.js';
import { legacyEditionKey } from './versioning.js';

/** Marks this migration done, so later starts skip the scans (every step is idempotent anyway). */
const MIGRATION_ID = 'achievements-editions-workload-v1';

type Doc = Record<string, unknown>;
type Update = { $set?: Doc; $unset?: Record<string, ''> };

const isObject = (value: unknown): value is Doc =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * How a stored achievement of an earlier shape becomes the current one, or undefined when it already
 * is: `ectsCredits` → ECTS credits and `notionalHours` → `workload.hours`; a version label ("1.0") →
 * version 1; the four minted supervision keys → EU supervision-verification keys; stackability gains its
 * mode (integrated when it is part of something).
 */
export function migrateRecord(doc: Doc): Update | undefined {
  const $set: Doc = {};
  const $unset: Record<string, ''> = {};
  if (!isObject(doc.workload) && typeof doc.notionalHours === 'number') {
    const ects = doc.ectsCredits;
    $set.workload = {
      hours: doc.notionalHours,
      ...(typeof ects === 'number' && ects > 0 ? { credits: { system: 'ects', value: ects } } : {}),
    };
  }
  for (const old of ['ectsCredits', 'notionalHours']) if (old in doc) $unset[old] = '';
  if (typeof doc.version !== 'number') $set.version = 1;
  const supervision = typeof doc.supervision === 'string' ? LEGACY_SUPERVISION[doc.supervision] : undefined;
  if (supervision) $set.supervision = supervision.key;
  const stack = doc.stackability;
  if (isObject(stack) && typeof stack.mode !== 'string') {
    const isPartOf = strings(stack.isPartOf);
    const mode = isPartOf.length > 0 ? 'integrated' : 'stand-alone';
    $set.stackability = { mode, isPartOf, combines: strings(stack.combines) };
  }
  // MongoDB refuses an empty update operator
  const update: Update = {};
  if (Object.keys($set).length > 0) update.$set = $set;
  if (Object.keys($unset).length > 0) update.$unset = $unset;
  return update.$set || update.$unset ? update : undefined;
}

/** Every own link of a record as a journal pair, already due, so the far sides get mirrored. */
function linkPairs(doc: Doc): LinkPair[] {
  const stack = isObject(doc.stackability) ? doc.stackability : {};
  return (['isPartOf', 'combines'] as const).flatMap((field) =>
    strings(stack[field])
      .filter((ref) => !isExternalRef(ref))
      .map((target) => ({
        issuerId: String(doc.issuerId),
        source: String(doc._id),
        target,
        field,
        at: new Date(0),
      })),
  );
}

async function migrateRecords(conn: Connection, editions: EditionsRepository): Promise<number> {
  const achievements = conn.collection<Doc>('achievements');
  let changed = 0;
  for await (const doc of achievements.find({})) {
    const update = migrateRecord(doc);
    if (update) {
      await achievements.updateOne({ _id: doc._id }, update);
      changed += 1;
    }
    await editions.addPairs(linkPairs(doc));
  }
  return changed;
}

/** A stored credential: JSON text in records written since the store keeps it so, an object before. */
function credentialOf(stored: unknown): Doc | undefined {
  if (isObject(stored)) return stored;
  if (typeof stored !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(stored);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Credentials issued before versioning carry `achievement.id` = `…/achievements/{id}/{lang}`, which
 * used to be rebuilt from the live record. Freeze, for each such id, the edition the latest of them
 * was signed with, so the id keeps serving what credentials were signed with.
 */
async function freezeLegacyEditions(conn: Connection, editions: EditionsRepository): Promise<number> {
  const latest = new Map<string, { at: number; achievementId: string; achievement: Doc }>();
  const cursor = conn
    .collection<Doc>('credentials')
    .find(
      { achievementId: { $exists: true } },
      { projection: { achievementId: 1, createdAt: 1, credential: 1 } },
    );
  for await (const doc of cursor) {
    const credential = credentialOf(doc.credential);
    const subject = credential?.credentialSubject;
    const achievement = isObject(subject) ? subject.achievement : undefined;
    const id = isObject(achievement) ? achievement.id : undefined;
    const achievementId = doc.achievementId;
    if (!isObject(achievement) || typeof id !== 'string' || typeof achievementId !== 'string') continue;
    const lang = new RegExp(`/achievements/${achievementId}/([a-z]{2})$`).exec(id)?.[1];
    if (!lang) continue;
    const at = new Date(doc.createdAt as string | Date).getTime();
    const key = legacyEditionKey(achievementId, lang);
    if ((latest.get(key)?.at ?? -Infinity) <= at) latest.set(key, { at, achievementId, achievement });
  }
  for (const [key, { at, achievementId, achievement }] of latest) {
    const document = JSON.stringify({ '@context': OB3_CONTEXT.slice(0, 2), ...achievement });
    await editions.freezeEdition(key, achievementId, document, new Date(at));
  }
  return latest.size;
}

/**
 * Brings stored achievements to the current record shape and keeps the ids inside credentials issued
 * before versioning dereferenceable. Runs at every start; idempotent, so two instances starting together
 * or a start interrupted half way do no harm; plain MongoDB operations (MongoDB 6+ and FerretDB).
 */
export async function migrateAchievements(
  conn: Connection,
  editions: EditionsRepository,
  { logger, clock }: { logger: Logger; clock: () => Date },
): Promise<void> {
  const marks = conn.collection<{ _id: string; at: Date }>('migrations');
  if (await marks.findOne({ _id: MIGRATION_ID })) return;
  const records = await migrateRecords(conn, editions);
  const frozen = await freezeLegacyEditions(conn, editions);
  await marks
    .updateOne({ _id: MIGRATION_ID }, { $setOnInsert: { at: clock() } }, { upsert: true })
    // an instance starting at the same time marked it first
    .catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  logger.info('achievements migrated', { migration: MIGRATION_ID, records, legacyEditions: frozen });
}
