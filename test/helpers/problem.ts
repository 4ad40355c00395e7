import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import { snapshot, type TestApp } from './app.js';

export interface FieldErrorBody {
  pointer: string;
  detail: string;
}

/** Text that would betray internals: stack frames, source paths, module folders. */
const INTERNALS = [
  /\n\s+at /,
  /\bat [\w$.<>]+ \(/,
  /\/[\w.-]+\/[\w./-]+\.(?:ts|js|cjs|mjs):\d+/,
  /node_modules/,
];

export function assertNoInternals(text: string): void {
  for (const pattern of INTERNALS) assert.doesNotMatch(text, pattern, 'the problem body shows internals');
}

/**
 * An RFC 9457 problem with our extension members: the status, content type, stable `code`, a
 * well-formed `errors[{pointer, detail}]` and no internals. With `pointers`, the set of error
 * pointers must be exactly that.
 */
export function assertProblem(
  res: Response,
  status: number,
  code: string,
  pointers?: string[],
): FieldErrorBody[] {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${res.text}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json(;|$)/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  assert.equal(typeof body.detail, 'string');
  assert.ok(Array.isArray(body.errors), 'errors is a list');
  const errors = body.errors as FieldErrorBody[];
  for (const e of errors) {
    assert.equal(typeof e.pointer, 'string');
    assert.equal(typeof e.detail, 'string');
    assert.ok(e.detail.length > 0, 'every field error says what is wrong');
    assert.ok(e.pointer === '' || e.pointer.startsWith('/'), `"${e.pointer}" is a JSON pointer`);
  }
  if (pointers) assert.deepEqual([...new Set(errors.map((e) => e.pointer))].sort(), [...pointers].sort());
  assertNoInternals(res.text);
  return errors;
}

/** Runs `work` and proves that every collection holds exactly what it held before. */
export async function assertStoreUnchanged<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  const before = JSON.parse(await snapshot(t)) as Record<string, unknown[]>;
  const result = await work();
  const after = JSON.parse(await snapshot(t)) as Record<string, unknown[]>;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]),
  );
  assert.deepEqual(changed, [], `the store changed in: ${changed.join(', ')}`);
  return result;
}
