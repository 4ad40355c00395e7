import type { CredentialFilter } from './credential-lists.js';
import type { ListRow, PageInfo } from './credential-list.model.js';

/** Which rows of an issuer's list a filter keeps, and which pages may hold one. */
export const filtered = (f: CredentialFilter) =>
  Boolean(f.learnerId || f.achievementId || f.status || f.from || f.to);

export const matches = (f: CredentialFilter) => {
  const from = f.from?.getTime();
  const to = f.to?.getTime();
  return (row: ListRow): boolean =>
    (!f.learnerId || row.l === f.learnerId) &&
    (!f.achievementId || row.a === f.achievementId) &&
    (!f.status || row.s === f.status) &&
    (from === undefined || (row.d !== undefined && row.d >= from)) &&
    (to === undefined || (row.d !== undefined && row.d <= to));
};

/** A page can hold a row of the date range only if its awarded dates overlap it. */
export const mayMatch = (f: CredentialFilter) => (p: PageInfo) =>
  !(f.from || f.to) ||
  (p.d !== null && (!f.from || p.d[1] >= f.from.getTime()) && (!f.to || p.d[0] <= f.to.getTime()));
