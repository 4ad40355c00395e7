import { Schema } from 'mongoose';

/** A LangMap sub-document: en / lv / lt strings, no _id. */
export const langMapSchema = new Schema({ en: String, lv: String, lt: String }, { _id: false });

/** Drops mongoose internals and empty values, renames _id → id, turns dates into ISO strings. */
export function plain<T>(doc: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '__v' || value === undefined || value === null) continue;
    out[key === '_id' ? 'id' : key] = clean(value);
  }
  return out as T;
}

function clean(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object' && value.constructor === Object) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== undefined && v !== null && k !== '_id') out[k] = clean(v);
    return out;
  }
  return value;
}
