import assert from 'node:assert/strict';
import type { JobDoc, JobRow } from '../../src/features/issuance-jobs/issuance-job.model.js';
import { windowFrom } from '../../src/features/issuance-jobs/job-window.js';

const job = { _id: 'job-1', settings: { achievementId: 'a', language: 'lv' } } as unknown as JobDoc;
const good = (row: number): JobRow => ({ row, fields: { learnerId: `l-${row}` } });
const bad = (row: number): JobRow => ({
  row,
  fields: {},
  refused: { code: 'invalid-request', detail: 'email: is required', errors: [] },
});
const rows = [good(2), bad(3), good(4), good(5), bad(6), good(7), good(8), good(9)];
const shape = (w: ReturnType<typeof windowFrom>) => w.map((r) => [r.index, r.result?.outcome ?? 'issue']);

describe('issuance jobs: the window of rows a worker issues at once', () => {
  it('takes up to `size` rows to issue, answering refused rows in place, in row order', () => {
    assert.deepEqual(shape(windowFrom(job, rows, 0, { size: 3, settling: false, leftover: [] })), [
      [0, 'issue'],
      [1, 'refused'],
      [2, 'issue'],
      [3, 'issue'],
    ]);
    assert.deepEqual(shape(windowFrom(job, rows, 4, { size: 3, settling: false, leftover: [] })), [
      [4, 'refused'],
      [5, 'issue'],
      [6, 'issue'],
      [7, 'issue'],
    ]);
    assert.deepEqual(windowFrom(job, rows, 8, { size: 3, settling: false, leftover: [] }), []);
  });

  it('after a cancel, issues only the rows a dead owner left in flight (to settle them) and cancels the rest', () => {
    const w = windowFrom(job, rows, 0, { size: 4, settling: true, leftover: [2, 3] });
    assert.deepEqual(shape(w), [
      [0, 'cancelled'],
      [1, 'refused'],
      [2, 'issue'],
      [3, 'issue'],
      [4, 'refused'],
      [5, 'cancelled'],
      [6, 'cancelled'],
      [7, 'cancelled'],
    ]);
  });

  it('gives up the leftover rows of a chunk interrupted too often, naming the key to retry them with', () => {
    const w = windowFrom(job, rows, 0, { size: 2, settling: false, leftover: [0, 2], givenUp: 20 });
    assert.deepEqual(shape(w), [
      [0, 'failed'],
      [1, 'refused'],
      [2, 'failed'],
      [3, 'issue'],
      [4, 'refused'],
      [5, 'issue'],
    ]);
    assert.match(String(w[0]?.result?.detail), /interrupted 20 times.*"job:job-1:2"/);
  });
});
