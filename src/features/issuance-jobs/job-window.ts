import type { AppError } from '../../errors.js';
import type { JobDoc, JobRow, RowResult } from './issuance-job.model.js';
import { issueInput, rowPointer } from './job-rows.js';

/** A row of the window being worked on, with its result once it has one. */
export interface WindowRow {
  index: number;
  row: JobRow;
  result?: RowResult;
}

export interface WindowRules {
  /** rows to issue at once */
  size: number;
  /** the job was cancelled: rows not begun are cancelled */
  settling: boolean;
  /** positions a previous owner may have left half-issued (its `inFlight`) */
  leftover: number[];
  /** this many attempts at the chunk were interrupted: its leftover rows are given up */
  givenUp?: number;
}

/**
 * The next window of a chunk from position `from`: up to `size` rows to issue at once, with the rows
 * between them that need no issuance (refused up front, cancelled, given up) answered in place.
 */
export function windowFrom(job: JobDoc, rows: JobRow[], from: number, rules: WindowRules): WindowRow[] {
  const window: WindowRow[] = [];
  let issuing = 0;
  for (let i = from; i < rows.length && issuing < rules.size; i += 1) {
    const row = rows[i] as JobRow;
    const leftOver = rules.leftover.includes(i);
    let result: RowResult | undefined;
    if (row.refused) result = { row: row.row, outcome: 'refused', ...row.refused };
    // after a cancel, only the rows a dead owner may have left half-issued are settled
    else if (rules.settling && !leftOver) result = { row: row.row, outcome: 'cancelled' };
    else if (rules.givenUp !== undefined && leftOver) result = interrupted(job, row, rules.givenUp);
    else issuing += 1;
    window.push({ index: i, row, result });
  }
  return window;
}

export function refusal(row: JobRow, error: AppError): RowResult {
  return {
    row: row.row,
    outcome: 'refused',
    code: error.code,
    detail: error.message,
    errors: error.errors.map((e) => ({ pointer: rowPointer(e.pointer), detail: e.detail })),
  };
}

export function failure(row: number, why: string): RowResult {
  return {
    row,
    outcome: 'failed',
    code: 'internal-error',
    detail: `${why} (logged); it was not reported as issued and may be retried`,
  };
}

export function interrupted(job: JobDoc, row: JobRow, times: number): RowResult {
  const key = issueInput(job, row).idempotencyKey;
  return {
    row: row.row,
    outcome: 'failed',
    code: 'internal-error',
    detail: `issuing this row was interrupted ${times} times; issue it again with idempotencyKey "${key}" to get its credential if one was made`,
  };
}
