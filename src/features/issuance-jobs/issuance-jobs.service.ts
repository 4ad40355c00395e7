import { randomUUID } from 'node:crypto';
import type { Actor } from '../../actor.js';
import type { AchievementRecord } from '../../core/types.js';
import { AppError, notFound, type FieldError } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Page, PageRequest } from '../shared/paging.js';
import { readCsv } from './csv-reader.js';
import type { JobDoc, JobRow, JobSettings, RowsDoc } from './issuance-job.model.js';
import { chunkId, type IssuanceJobsRepository } from './issuance-jobs.repository.js';
import { emptyCounts, FINAL_STATES, jobCounts } from './job-progress.js';
import { chunkResults, resultsCsv, type RowResultView } from './job-results.js';
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

export type JobView = ReturnType<ReturnType<typeof createIssuanceJobsService>['view']>;

export function createIssuanceJobsService(deps: IssuanceJobsDeps) {
  const { repo, clock, publicUrl } = deps;
  const limits = { ...JOB_LIMITS, ...deps.limits };

  const view = (job: JobDoc) => {
    const self = `${publicUrl}/api/v1/issuance-jobs/${job._id}`;
    return {
      id: job._id,
      state: job.state,
      source: job.source,
      ...(job.fileName ? { fileName: job.fileName } : {}),
      ...job.settings,
      ...jobCounts(job),
      createdAt: job.createdAt.toISOString(),
      ...(job.startedAt ? { startedAt: new Date(job.startedAt).toISOString() } : {}),
      ...(job.cancelledAt ? { cancelledAt: new Date(job.cancelledAt).toISOString() } : {}),
      ...(job.finishedAt ? { finishedAt: new Date(job.finishedAt).toISOString() } : {}),
      links: {
        self,
        results: `${self}/results`,
        resultsCsv: `${self}/results.csv`,
        cancel: `${self}/cancel`,
      },
    };
  };

  async function settingsFor(issuerId: string, options: JobOptions): Promise<JobSettings> {
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
      awardedDate: dateTime(options.awardedDate) ?? clock().toISOString(),
      ...(validUntil ? { validUntil } : {}),
    };
  }

  /** Every row checked and stored, then the job: nothing is issued here, and a refusal stores nothing. */
  async function create(actor: Actor, options: JobOptions, rows: AsyncIterable<RawRow>, source: Source) {
    const settings = await settingsFor(actor.issuerId, options);
    const jobId = randomUUID();
    const check = createRowChecker(deps.check, settings);
    const writer = rowsWriter(repo, jobId, limits.chunkSize);
    const refusals: FieldError[] = [];
    let total = 0;
    let refused = 0;
    try {
      for await (const raw of rows) {
        if (++total > limits.maxRows) throw tooManyRows(limits.maxRows);
        const row = check(raw.row, raw.fields, raw.extra);
        if (row.refused) refused += 1;
        if (row.refused && refusals.length < MAX_LISTED_REFUSALS)
          refusals.push(
            ...row.refused.errors.map((e) => ({ ...e, pointer: source.pointer(row.row) + e.pointer })),
          );
        await writer.add(row);
      }
      await writer.flush();
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
      const job: JobDoc = {
        _id: jobId,
        issuerId: actor.issuerId,
        apiKeyId: actor.principal.kind === 'issuer' ? actor.principal.apiKeyId : 'admin',
        source: source.kind,
        ...(source.fileName ? { fileName: source.fileName } : {}),
        settings,
        state: 'queued',
        totalRows: total,
        refusedUpFront: refused,
        chunkSize: limits.chunkSize,
        chunkCount: writer.chunks(),
        chunksDone: '',
        counts: emptyCounts(),
        createdAt: clock(),
      };
      await repo.enqueue(jobId);
      await repo.insertJob(job);
      await deps.audit.append({
        principal: actor.principal,
        issuerId: actor.issuerId,
        action: 'issuance-job.created',
        targetType: 'issuance-job',
        targetId: jobId,
        requestId: actor.requestId,
        details: { rows: total, refusedUpFront: refused, source: source.kind },
      });
      deps.wake();
      return view(job);
    } catch (error) {
      await writer.discard().catch(() => undefined);
      await repo.dequeue(jobId).catch(() => undefined);
      throw error;
    }
  }

  /** The caller's own job; another issuer's job does not exist for them. */
  async function owned(issuerId: string, id: string): Promise<JobDoc> {
    const job = await repo.getJob(id);
    if (!job || job.issuerId !== issuerId) throw notFound('Issuance job');
    return job;
  }

  const chunkOf = async (job: JobDoc, n: number) => {
    const [rows, results] = await Promise.all([repo.getRows(job._id, n), repo.getResults(job._id, n)]);
    return chunkResults(rows?.rows ?? [], results);
  };

  return {
    view,
    createFromJson: (actor: Actor, body: JobOptions & { learners: Array<Record<string, unknown>> }) => {
      const { learners, ...options } = body;
      if (learners.length > limits.maxRows) throw tooManyRows(limits.maxRows);
      async function* rows() {
        for (const [i, fields] of learners.entries()) yield { row: i + 1, fields };
      }
      return create(actor, options, rows(), { kind: 'json', pointer: (row) => `/learners/${row - 1}` });
    },
    createFromCsv: (actor: Actor, options: JobOptions, bytes: AsyncIterable<Uint8Array>, fileName?: string) =>
      create(actor, options, csvRows(bytes, limits), {
        kind: 'csv',
        fileName,
        pointer: (row) => `/line/${row}`,
      }),

    get: async (issuerId: string, id: string) => view(await owned(issuerId, id)),

    /** A page of the results in row order; each page reads only the chunks it covers. */
    async results(
      issuerId: string,
      id: string,
      { page, pageSize }: PageRequest,
    ): Promise<Page<RowResultView>> {
      const job = await owned(issuerId, id);
      const start = (page - 1) * pageSize;
      const end = Math.min(job.totalRows, start + pageSize);
      const items: RowResultView[] = [];
      for (let n = Math.floor(start / job.chunkSize); n * job.chunkSize < end; n += 1) {
        const offset = n * job.chunkSize;
        items.push(...(await chunkOf(job, n)).filter((_, i) => offset + i >= start && offset + i < end));
      }
      return { items, page, pageSize, total: job.totalRows };
    },

    /** Checks access first, then streams the results file chunk by chunk. */
    async resultsCsv(issuerId: string, id: string): Promise<AsyncGenerator<string>> {
      const job = await owned(issuerId, id);
      return resultsCsv(job, (n) => chunkOf(job, n));
    },

    /** Stops further rows: rows not yet begun are reported as cancelled, the row being issued completes. */
    async cancel(actor: Actor, id: string) {
      await owned(actor.issuerId, id);
      const job = await repo.updateJob(id, (j) => {
        if (j.state === 'cancelled') return false;
        if (FINAL_STATES.has(j.state))
          throw new AppError(
            'issuance-job-finished',
            `The job has finished (${j.state}); there is nothing to cancel`,
          );
        Object.assign(j, { state: 'cancelled', cancelledAt: clock() });
        return true;
      });
      if (!job) throw notFound('Issuance job');
      await deps.audit.append({
        principal: actor.principal,
        issuerId: actor.issuerId,
        action: 'issuance-job.cancelled',
        targetType: 'issuance-job',
        targetId: id,
        requestId: actor.requestId,
      });
      deps.wake();
      return view(job);
    },
  };
}

export type IssuanceJobsService = ReturnType<typeof createIssuanceJobsService>;

const tooManyRows = (max: number) =>
  new AppError('too-many-rows', `A job takes at most ${max} rows; split the class into several jobs`, [
    { pointer: '', detail: `more than ${max} rows` },
  ]);
