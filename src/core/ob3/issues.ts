/** One problem found in a credential or record: where (RFC 6901 pointer), what, and a stable code. */
export interface ValidationIssue {
  pointer: string;
  detail: string;
  code: string;
}

export function issue(pointer: string, code: string, detail: string): ValidationIssue {
  return { pointer, code, detail };
}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON-LD "set" value as an array (a single value is a set of one). */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
