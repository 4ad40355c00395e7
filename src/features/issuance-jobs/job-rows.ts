import { AppError, type FieldError } from '../../errors.js';
import type { IssueInput } from '../credentials/index.js';
import type { JobDoc, JobRow, JobSettings } from './issuance-job.model.js';

/** The columns a CSV file (or a JSON row) may have; header names match case-insensitively. */
export const ROW_COLUMNS = [
  'givenName',
  'familyName',
  'email',
  'did',
  'preferredLanguage',
  'learnerId',
  'result',
  'awardedDate',
  'validUntil',
  'language',
  'idempotencyKey',
] as const;

const LEARNER_DETAILS = ['givenName', 'familyName', 'email'] as const;
const MAX_COLUMNS = 32;

/** Validates a value against one of our JSON Schemas: the value, or an AppError with field errors. */
export type CheckSchema = <T>(schemaId: string, value: unknown) => T;

const normalise = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');
const KNOWN = new Map(ROW_COLUMNS.map((c) => [normalise(c), c]));

const headerProblem = (errors: FieldError[], code: 'csv-invalid' | 'csv-unknown-column' = 'csv-invalid') =>
  new AppError(code, `The CSV header is not usable: ${errors.map((e) => e.detail).join('; ')}`, errors);

/**
 * Maps the header cells onto row fields. Unknown, repeated or missing columns refuse the whole file:
 * a misspelt column would otherwise be dropped from every row without a word.
 */
export function headerColumns(cells: string[]): string[] {
  if (cells.length > MAX_COLUMNS)
    throw headerProblem([{ pointer: '/header', detail: `more than ${MAX_COLUMNS} columns` }]);
  const columns = cells.map((cell) => KNOWN.get(normalise(cell)) ?? '');
  const unknown = cells.flatMap((cell, i) =>
    columns[i] ? [] : [{ pointer: `/header/${i}`, detail: `unknown column "${cell.slice(0, 100)}"` }],
  );
  if (unknown.length) {
    const known = `known columns: ${ROW_COLUMNS.join(', ')}`;
    throw headerProblem([...unknown, { pointer: '/header', detail: known }], 'csv-unknown-column');
  }
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length)
    throw headerProblem([{ pointer: '/header', detail: `column "${repeated[0]}" appears twice` }]);
  const hasDetails = LEARNER_DETAILS.every((c) => columns.includes(c));
  if (!columns.includes('learnerId') && !hasDetails)
    throw headerProblem([
      { pointer: '/header', detail: 'needs the columns givenName, familyName and email, or learnerId' },
    ]);
  return columns;
}

/** A CSV record as row fields (empty cells are left out); a record longer than the header is refused. */
export function csvRowFields(
  columns: string[],
  cells: string[],
): { fields: Record<string, string>; extra?: FieldError } {
  const fields: Record<string, string> = {};
  columns.forEach((column, i) => {
    const cell = cells[i];
    if (cell) fields[column] = cell;
  });
  if (cells.length > columns.length && cells.slice(columns.length).some((c) => c !== ''))
    return {
      fields,
      extra: {
        pointer: `/${columns.length}`,
        detail: `has ${cells.length} cells but the header names ${columns.length} columns`,
      },
    };
  return { fields };
}

const refused = (
  row: number,
  fields: Record<string, string>,
  code: string,
  errors: FieldError[],
): JobRow => ({
  row,
  fields,
  refused: {
    code,
    detail: errors.map((e) => `${e.pointer.slice(1) || 'row'}: ${e.detail}`).join('; '),
    errors,
  },
});

function learnerErrors(fields: Record<string, unknown>): FieldError[] {
  if (fields.learnerId !== undefined) {
    const extra = [...LEARNER_DETAILS, 'did', 'preferredLanguage'].filter((c) => fields[c] !== undefined);
    return extra.length
      ? [
          {
            pointer: '/learnerId',
            detail: `give learnerId or the learner's details (${extra.join(', ')}), not both`,
          },
        ]
      : [];
  }
  return LEARNER_DETAILS.filter((c) => fields[c] === undefined).map((c) => ({
    pointer: `/${c}`,
    detail: 'is required',
  }));
}

const ISSUE_POINTERS: Array<[RegExp, string]> = [
  [/^\/learner(?=\/)/, ''],
  [/^\/result\/value$/, '/result'],
];
export const rowPointer = (pointer: string) =>
  ISSUE_POINTERS.reduce((p, [from, to]) => p.replace(from, to), pointer);

function schemaErrors(check: CheckSchema, schemaId: string, value: unknown): FieldError[] {
  try {
    check(schemaId, value);
    return [];
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return error.errors.map((e) => ({ pointer: rowPointer(e.pointer), detail: e.detail }));
  }
}

/** A row's own problems: its fields, then the issuance it asks for, against the same schema as POST /credentials. */
function fieldErrors(
  check: CheckSchema,
  settings: JobSettings,
  raw: Record<string, unknown>,
  extra?: FieldError,
): FieldError[] {
  const errors = schemaErrors(check, 'issuance-job-row.json', raw);
  errors.push(...learnerErrors(raw).filter((e) => !errors.some((x) => x.pointer === e.pointer)));
  if (extra) errors.push(extra);
  if (errors.length) return errors;
  const input = issueInput({ _id: 'check', settings }, { row: 0, fields: raw as Record<string, string> });
  return schemaErrors(check, 'credential-issue.json', input);
}

/**
 * Checks rows one by one, as they arrive: each row's own fields (lengths and formats come from the
 * learner and issue schemas), and repeats of an earlier row's learner or idempotency key within the
 * job. A refused row is recorded with its reasons and never issued.
 */
export function createRowChecker(check: CheckSchema, settings: JobSettings) {
  const learners = new Map<string, number>();
  const keys = new Map<string, number>();
  return (row: number, raw: Record<string, unknown>, extra?: FieldError): JobRow => {
    const fields = raw as Record<string, string>;
    const errors = fieldErrors(check, settings, raw, extra);
    if (errors.length) return refused(row, fields, 'invalid-request', errors);
    const learner = fields.learnerId ?? String(fields.email).toLowerCase();
    const sameLearner = learners.get(learner);
    if (sameLearner !== undefined)
      return refused(row, fields, 'duplicate-row', [
        {
          pointer: fields.learnerId ? '/learnerId' : '/email',
          detail: `the same learner as row ${sameLearner}`,
        },
      ]);
    const sameKey = fields.idempotencyKey === undefined ? undefined : keys.get(fields.idempotencyKey);
    if (sameKey !== undefined)
      return refused(row, fields, 'duplicate-row', [
        { pointer: '/idempotencyKey', detail: `the same idempotencyKey as row ${sameKey}` },
      ]);
    learners.set(learner, row);
    if (fields.idempotencyKey !== undefined) keys.set(fields.idempotencyKey, row);
    return { row, fields };
  };
}

/** A date (YYYY-MM-DD, read as midnight UTC) or a date-time, as an ISO date-time. */
const dateTime = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;

/**
 * The issuance a row asks for. Deterministic: every attempt at a row, by any instance, sends the same
 * input under the same idempotency key, so a retried row replays its credential instead of issuing twice.
 */
export function issueInput(job: Pick<JobDoc, '_id' | 'settings'>, { row, fields: f }: JobRow): IssueInput {
  const s = job.settings;
  const validUntil = dateTime(f.validUntil) ?? s.validUntil;
  return {
    achievementId: s.achievementId,
    language: (f.language as IssueInput['language'] | undefined) ?? s.language,
    format: s.format,
    awardedDate: dateTime(f.awardedDate) ?? s.awardedDate,
    ...(validUntil ? { validUntil } : {}),
    ...(f.result ? { result: { value: f.result } } : {}),
    ...(f.learnerId
      ? { learnerId: f.learnerId }
      : {
          learner: {
            givenName: String(f.givenName),
            familyName: String(f.familyName),
            email: String(f.email),
            ...(f.did ? { did: f.did } : {}),
            ...(f.preferredLanguage ? { preferredLanguage: f.preferredLanguage as 'en' | 'lv' | 'lt' } : {}),
          },
        }),
    idempotencyKey: f.idempotencyKey ?? `job:${job._id}:${row}`,
  };
}
