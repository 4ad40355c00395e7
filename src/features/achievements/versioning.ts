import { isDeepStrictEqual } from 'node:util';
import type { AchievementRecord } from '../../core/types.js';

/** Fields the service keeps: not what a credential states, so changing them makes no new version. */
const BOOKKEEPING = new Set(['id', 'issuerId', 'status', 'createdAt', 'updatedAt', 'version']);

/** What a credential states: every field but the bookkeeping ones. */
export function contentOf(record: AchievementRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !BOOKKEEPING.has(key)));
}

/** Top-level content fields whose values differ (added, removed or changed), sorted. */
export function changedFields(before: AchievementRecord, after: AchievementRecord): string[] {
  const a = contentOf(before);
  const b = contentOf(after);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => !isDeepStrictEqual(a[key], b[key])).sort();
}

/** A past version as a record: the current record's bookkeeping with that version's content. */
export function recordAtVersion(
  current: AchievementRecord,
  version: number,
  content: Record<string, unknown>,
): AchievementRecord {
  const bookkeeping = Object.fromEntries(Object.entries(current).filter(([key]) => BOOKKEEPING.has(key)));
  return { ...(bookkeeping as unknown as AchievementRecord), ...content, version } as AchievementRecord;
}

/** Where an edition is kept: `<id>/v/<n>/<lang>`, or `<id>/<lang>` for the ids of pre-versioning credentials. */
export const editionKey = (id: string, version: number, lang: string): string => `${id}/v/${version}/${lang}`;
export const legacyEditionKey = (id: string, lang: string): string => `${id}/${lang}`;
