import { stringify } from 'csv-stringify/sync';
import type { FieldError } from '../../errors.js';
import type { JobDoc, JobRow, ResultsDoc, RowOutcome } from './issuance-job.model.js';

/** One row of a job's results as the API shows it: who, and what became of them. */
export interface RowResultView {
  row: number;
  outcome: RowOutcome | 'pending';
  learner: { givenName?: string; familyName?: string; email?: string; learnerId?: string };
  credentialId?: string;
  credentialUrl?: string;
  replayed?: boolean;
  code?: string;
  detail?: string;
  errors?: FieldError[];
}

/** The rows of one chunk joined with their results, in row order (rows without a result are pending). */
export function chunkResults(rows: JobRow[], results: ResultsDoc | undefined): RowResultView[] {
  return rows.map((row, i) => {
    const { givenName, familyName, email, learnerId } = row.fields;
    const learner = Object.fromEntries(
      Object.entries({ givenName, familyName, email, learnerId }).filter(([, v]) => v !== undefined),
    );
    const result = results?.rows[i];
    if (result) {
      const { row: _row, ...rest } = result;
      return { row: row.row, learner, ...rest };
    }
    if (row.refused) return { row: row.row, learner, outcome: 'refused', ...row.refused };
    return { row: row.row, learner, outcome: 'pending' };
  });
}

const COLUMNS = [
  'row',
  'outcome',
  'credentialUrl',
  'credentialId',
  'givenName',
  'familyName',
  'email',
  'learnerId',
  'code',
  'reason',
] as const;

/**
 * The results file, one chunk at a time: UTF-8 with a BOM (so spreadsheet programs keep Latvian and
 * Lithuanian letters), `,`-separated; cells that a spreadsheet would run as a formula are escaped.
 */
export async function* resultsCsv(
  job: JobDoc,
  chunk: (n: number) => Promise<RowResultView[]>,
): AsyncGenerator<string> {
  yield stringify([[...COLUMNS]], { bom: true });
  for (let n = 0; n < job.chunkCount; n += 1) {
    const records = (await chunk(n)).map((r) => [
      r.row,
      r.outcome,
      r.credentialUrl ?? '',
      r.credentialId ?? '',
      r.learner.givenName ?? '',
      r.learner.familyName ?? '',
      r.learner.email ?? '',
      r.learner.learnerId ?? '',
      r.code ?? '',
      r.detail ?? '',
    ]);
    yield stringify(records, { escape_formulas: true });
  }
}
