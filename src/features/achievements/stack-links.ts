import type { AchievementRecord, Stackability } from '../../core/types.js';
import { isExternalRef } from './achievement-rules.js';
import type { LinkPair } from './editions.repository.js';

type Field = LinkPair['field'];

export const reverseOf = (field: Field): Field => (field === 'isPartOf' ? 'combines' : 'isPartOf');

/**
 * Pairs to reconcile after `id`'s stackability changes from `before` to `after`: every own achievement
 * added to or removed from one of its lists. The changed side is the source of truth for the pair.
 */
export function changedPairs(
  issuerId: string,
  id: string,
  before: Stackability | undefined,
  after: Stackability | undefined,
  at: Date,
): LinkPair[] {
  const pairs: LinkPair[] = [];
  for (const field of ['isPartOf', 'combines'] as const) {
    const was = new Set(before?.[field] ?? []);
    const is = new Set(after?.[field] ?? []);
    const changed = [...is].filter((r) => !was.has(r)).concat([...was].filter((r) => !is.has(r)));
    for (const target of changed)
      if (!isExternalRef(target)) pairs.push({ issuerId, source: id, target, field, at });
  }
  return pairs;
}

/**
 * The target's stackability once it agrees with the source (undefined: it agrees already). A child that
 * becomes part of another credential is "integrated" (EU Recommendation Annex I).
 */
export function agreeingStackability(
  pair: Pick<LinkPair, 'source' | 'field'>,
  source: AchievementRecord | undefined,
  target: AchievementRecord,
): Stackability | undefined {
  const want = source?.stackability?.[pair.field].includes(target.id) ?? false;
  const reverse = reverseOf(pair.field);
  const current: Stackability = target.stackability ?? { mode: 'stand-alone', isPartOf: [], combines: [] };
  if (want === current[reverse].includes(pair.source)) return undefined;
  const list = want
    ? [...current[reverse], pair.source]
    : current[reverse].filter((ref) => ref !== pair.source);
  const next: Stackability = { ...current, [reverse]: list };
  if (reverse === 'isPartOf' && list.length > 0) next.mode = 'integrated';
  return next;
}
