import { randomUUID } from 'node:crypto';
import type { Actor } from '../../actor.js';
import type { AchievementRecord } from '../../core/types.js';
import { AppError, type FieldError } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import { readCsv } from './csv-reader.js';
import type { JobDoc, JobRow, JobSettings, RowsDoc } from './issuance-job.model.js';
import { chunkId, type IssuanceJobsRepository } from './issuance-jobs.repository.js';
import { emptyCounts } from './job-progress.js';
import { createRowChecker, csvRowFields, headerColumns, type CheckSchema } from './job-rows.js';

export interface JobLimits {
  maxRows: number;
  chunkSize: number;
  /** bytes of a CSV upload */
  maxUploadBytes: number;
  /** bytes of one CSV row */
  maxRecordBytes: number;
}

export const JOB_LIMITS: JobLimits = {
  maxRows: 10_000,
  chunkSize: 25,
  maxUploadBytes: 4 * 1024 * 1024,
  maxRecordBytes: 8 * 1024,
};

/** The job-wide settings as a request gives them (schema-checked by the route). */
export interface JobOptions {
  achievementId: string;
  language: JobSettings['language'];
  format?: JobSettings['format'];
  awardedDate?: string;
  validUntil?: string;
}

export interface IssuanceJobsDeps {
  repo: IssuanceJobsRepository;
  check: CheckSchema;
  /** the issuer's achievement, or undefined when it has none with this id */
  achievement: (issuerId: string, id: string) => Promise<AchievementRecord | undefined>;
  audit: AuditLog;
  publicUrl: string;
  clock: () => Date;
  /** tells this instance's workers that a job is waiting */
  wake: () => void;
  limits?: Partial<JobLimits>;
}

interface RawRow {
  row: number;
  fields: Record<string, unknown>;
  extra?: FieldError;
}

interface Source {
  kind: 'csv' | 'json';
  fileName?: string;
  /** where a row's field errors point in the request */
  pointer: (row: number) => string;
}

const MAX_LISTED_REFUSALS = 100;

const dateTime = (value: string | undefined) =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;

const unprocessable = (
  pointer: string,
  detail: string,
  code: 'unprocessable-entity' | 'language-not-available' = 'unprocessable-entity',
) => new AppError(code, detail, [{ pointer, detail }]);

/** A CSV upload's rows as row fields, after its header. */
async function* csvRows(bytes: AsyncIterable<Uint8Array>, limits: JobLimits): AsyncGenerator<RawRow> {
  let columns: string[] | undefined;
  const csvLimits = { maxBytes: limits.maxUploadBytes, maxRecordBytes: limits.maxRecordBytes };
  for await (const record of readCsv(bytes, csvLimits)) {
    if (!columns) {
      columns = headerColumns(record.cells);
      continue;
    }
    const { fields, extra } = csvRowFields(columns, record.cells);
    yield { row: record.line, fields, extra };
  }
  if (!columns)
    throw new AppError('csv-invalid', 'The CSV file is empty', [{ pointer: '', detail: 'no header line' }]);
}

/** Writes rows as they come, one document per chunk, a few chunks per round trip. */
function rowsWriter(repo: IssuanceJobsRepository, jobId: string, chunkSize: number) {
  let rows: JobRow[] = [];
  let pending: RowsDoc[] = [];
  let chunks = 0;
  const cut = () => {
    if (rows.length) pending.push({ _id: chunkId(jobId, chunks++), rows });
    rows = [];
  };
  const write = async () => {
    if (pending.length) await repo.insertRows(pending);
    pending = [];
  };
  return {
    chunks: () => chunks,
    async add(row: JobRow) {
      rows.push(row);
      if (rows.length === chunkSize) cut();
      if (pending.length >= 8) await write();
    },
    async flush() {
      cut();
      await write();
    },
    discard: () => repo.deleteRows(jobId, chunks),
  };
}

export const tooManyRows = (max: number) =>
  new AppError('too-many-rows', `A job takes at most ${max} rows; split the class into several jobs`, [
    { pointer: '', detail: `more than ${max} rows` },
  ]);

/** The job-wide settings, once the achievement is known, active and has the requested edition. */
async function settingsFor(
  deps: IssuanceJobsDeps,
  issuerId: string,
  options: JobOptions,
): Promise<JobSettings> {
  const achievement = await deps.achievement(issuerId, options.achievementId);
  if (!achievement) throw unprocessable('/achievementId', 'no achievement of this issuer has this id');
  if (achievement.status !== 'active') throw unprocessable('/achievementId', 'the achievement is archived');
  if (!achievement.title[options.language])
    throw unprocessable(
      '/language',
      `the achievement has no "${options.language}" edition`,
      'language-not-available',
    );
  const validUntil = dateTime(options.validUntil);
  return {
    achievementId: options.achievementId,
    language: options.language,
    format: options.format ?? 'ob3-di',
    awardedDate: dateTime(options.awardedDate) ?? deps.clock().toISOString(),
    ...(validUntil ? { validUntil } : {}),
  };
}

/** Every row checked and written; the first refusals listed with where they point in the request. */
async function storeRows(
  rows: AsyncIterable<RawRow>,
  check: ReturnType<typeof createRowChecker>,
  writer: ReturnType<typeof rowsWriter>,
  { source, maxRows }: { source: Source; maxRows: number },
) {
  const refusals: FieldError[] = [];
  let total = 0;
  let refused = 0;
  for await (const raw of rows) {
    if (++total > maxRows) throw tooManyRows(maxRows);
    const row = check(raw.row, raw.fields, raw.extra);
    if (row.refused) refused += 1;
    if (row.refused && refusals.length < MAX_LISTED_REFUSALS)
      refusals.push(
        ...row.refused.errors.map((e) => ({ ...e, pointer: source.pointer(row.row) + e.pointer })),
      );
    await writer.add(row);
  }
  await writer.flush();
  return { total, refused, refusals };
}

/** A job needs a row, and one row that can be issued. */
function assertIssuable({ total, refused, refusals }: Awaited<ReturnType<typeof storeRows>>): void {
  if (total === 0)
    throw new AppError('csv-invalid', 'The file has no rows after its header', [
      { pointer: '', detail: 'no rows' },
    ]);
  if (refused === total)
    throw new AppError(
      'no-rows-to-issue',
      `None of the ${total} rows can be issued`,
      refusals.slice(0, MAX_LISTED_REFUSALS),
    );
}

interface NewJob {
  jobId: string;
  actor: Actor;
  source: Source;
  settings: JobSettings;
  stored: { total: number; refused: number };
}

/** The job document, queued, with the chunks its rows were written in. */
const jobDoc = (
  { jobId, actor, source, settings, stored }: NewJob,
  chunkSize: number,
  chunkCount: number,
  now: Date,
): JobDoc => ({
  _id: jobId,
  issuerId: actor.issuerId,
  apiKeyId: actor.principal.kind === 'issuer' ? actor.principal.apiKeyId : 'admin',
  source: source.kind,
  ...(source.fileName ? { fileName: source.fileName } : {}),
  settings,
  state: 'queued',
  totalRows: stored.total,
  refusedUpFront: stored.refused,
  chunkSize,
  chunkCount,
  chunksDone: '',
  counts: emptyCounts(),
  createdAt: now,
});

/** Queued first, then the job (its commit point), then the audit entry. */
async function commitJob(deps: IssuanceJobsDeps, job: JobDoc, actor: Actor): Promise<void> {
  await deps.repo.enqueue(job._id);
  await deps.repo.insertJob(job);
  await deps.audit.append({
    principal: actor.principal,
    issuerId: actor.issuerId,
    action: 'issuance-job.created',
    targetType: 'issuance-job',
    targetId: job._id,
    requestId: actor.requestId,
    details: { rows: job.totalRows, refusedUpFront: job.refusedUpFront, source: job.source },
  });
}

/** Every row checked and stored, then the job: nothing is issued here, and a refusal stores nothing. */
export async function createJob(
  deps: IssuanceJobsDeps & { limits: JobLimits },
  actor: Actor,
  options: JobOptions,
  { rows, source }: { rows: AsyncIterable<RawRow>; source: Source },
): Promise<JobDoc> {
  const { repo, limits } = deps;
  const settings = await settingsFor(deps, actor.issuerId, options);
  const jobId = randomUUID();
  const writer = rowsWriter(repo, jobId, limits.chunkSize);
  try {
    const stored = await storeRows(rows, createRowChecker(deps.check, settings), writer, {
      source,
      maxRows: limits.maxRows,
    });
    assertIssuable(stored);
    const job = jobDoc(
      { jobId, actor, source, settings, stored },
      limits.chunkSize,
      writer.chunks(),
      deps.clock(),
    );
    await commitJob(deps, job, actor);
    deps.wake();
    return job;
  } catch (error) {
    await writer.discard().catch(() => undefined);
    await repo.dequeue(jobId).catch(() => undefined);
    throw error;
  }
}

/** A JSON request's learners as rows (numbered from 1; errors point into /learners). */
export function jsonRows(learners: Array<Record<string, unknown>>, maxRows: number) {
  if (learners.length > maxRows) throw tooManyRows(maxRows);
  async function* rows(): AsyncGenerator<RawRow> {
    for (const [i, fields] of learners.entries()) yield { row: i + 1, fields };
  }
  const source: Source = { kind: 'json', pointer: (row) => `/learners/${row - 1}` };
  return { rows: rows(), source };
}

/** A CSV upload's records as rows (errors point at their line). */
export const csvJobRows = (bytes: AsyncIterable<Uint8Array>, limits: JobLimits, fileName?: string) => ({
  rows: csvRows(bytes, limits),
  source: { kind: 'csv', fileName, pointer: (row: number) => `/line/${row}` } satisfies Source,
});
