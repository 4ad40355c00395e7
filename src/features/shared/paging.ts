import type { QueryParam } from '../../http/routes.js';
import { invalid } from '../../errors.js';

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const PAGE_QUERY: QueryParam[] = [
  {
    name: 'page',
    description: 'page number, from 1',
    schema: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
  },
  {
    name: 'pageSize',
    description: 'items per page',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
];

function positive(query: Record<string, unknown>, name: string, fallback: number, max: number): number {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw invalid(`/query/${name}`, `${name} must be an integer from 1 to ${max}`);
  }
  return Number(raw);
}

/** Reads page and pageSize; refuses query parameters the route does not declare. */
export function readPaging(query: Record<string, unknown>, allowed: QueryParam[] = PAGE_QUERY): PageRequest {
  const names = new Set(allowed.map((p) => p.name));
  for (const key of Object.keys(query))
    if (!names.has(key)) throw invalid(`/query/${key}`, `unknown query parameter "${key}"`);
  return { page: positive(query, 'page', 1, 100000), pageSize: positive(query, 'pageSize', 20, 100) };
}
