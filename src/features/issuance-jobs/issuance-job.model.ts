import { Schema, type Connection, type Model } from 'mongoose';
import type { FieldError } from '../../errors.js';

export type JobState = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';
export type RowOutcome = 'issued' | 'refused' | 'failed' | 'cancelled';

/** What the workers count, per finished chunk (rows refused up front are counted at creation). */
export interface JobCounts {
  issued: number;
  refused: number;
  failed: number;
  cancelled: number;
}

/** The job-level settings every row of the job shares (a row may override language and dates). */
export interface JobSettings {
  achievementId: string;
  language: 'en' | 'lv' | 'lt';
  format: 'ob3-di' | 'ob3-jwt';
  /** ISO date-time; defaults to the job's creation time so every attempt at a row asks the same */
  awardedDate: string;
  validUntil?: string;
}

/**
 * One issuance job. Small and addressed by `_id` only; its counters and chunk bitmap change under a
 * lease (`issuance-job:<id>`), because a filtered update is no compare-and-set on FerretDB.
 */
export interface JobDoc {
  _id: string;
  issuerId: string;
  apiKeyId: string;
  source: 'csv' | 'json';
  fileName?: string;
  settings: JobSettings;
  state: JobState;
  totalRows: number;
  /** rows refused while reading the upload (never issued) */
  refusedUpFront: number;
  chunkSize: number;
  chunkCount: number;
  /** base64 bitmap: bit n set once chunk n's results are complete and counted */
  chunksDone: string;
  counts: JobCounts;
  createdAt: Date;
  startedAt?: Date;
  cancelledAt?: Date;
  finishedAt?: Date;
}

/** A row as uploaded: its fields (CSV column → cell), or why it was refused before issuing. */
export interface JobRow {
  /** line number in the CSV file (the header is line 1), or position in `learners` from 1 */
  row: number;
  fields: Record<string, string>;
  refused?: { code: string; detail: string; errors: FieldError[] };
}

/** The rows of one chunk: `_id` = `<jobId>:<chunk>`, written once at creation. */
export interface RowsDoc {
  _id: string;
  rows: JobRow[];
}

export interface RowResult {
  row: number;
  outcome: RowOutcome;
  credentialId?: string;
  credentialUrl?: string;
  /** the credential existed already under this row's idempotency key */
  replayed?: boolean;
  code?: string;
  detail?: string;
  errors?: FieldError[];
}

/**
 * The results of one chunk, in row order, rewritten by the chunk's owner before each window of rows it
 * issues at once. `inFlight` holds the positions of the rows being issued (one number in documents
 * written before windows existed): after a crash they are the rows that may or may not have been
 * issued, and the next owner settles them through their idempotency keys.
 */
export interface ResultsDoc {
  _id: string;
  owner: string;
  rows: RowResult[];
  inFlight?: number | number[];
  complete: boolean;
}

/**
 * A claim on a chunk: `_id` = `<jobId>:<chunk>:<attempt>`. Claiming is a unique insert; taking over
 * from an owner whose lease ran out is the insert of the next attempt, so exactly one taker wins.
 */
export interface ClaimDoc {
  _id: string;
  owner: string;
  until: Date;
}

/** The jobs still to be worked on; the only collection the workers list (it stays small). */
export interface QueueDoc {
  _id: string;
  createdAt: Date;
}

const jobSchema = new Schema<JobDoc>(
  {
    _id: { type: String, required: true },
    issuerId: { type: String, required: true },
    apiKeyId: { type: String, required: true },
    source: { type: String, enum: ['csv', 'json'], required: true },
    fileName: String,
    settings: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: ['queued', 'running', 'done', 'cancelled', 'failed'], required: true },
    totalRows: { type: Number, required: true },
    refusedUpFront: { type: Number, required: true },
    chunkSize: { type: Number, required: true },
    chunkCount: { type: Number, required: true },
    chunksDone: { type: String, default: '' },
    counts: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    startedAt: Date,
    cancelledAt: Date,
    finishedAt: Date,
  },
  { strict: 'throw', collection: 'issuance_jobs', minimize: false },
);

const rowsSchema = new Schema<RowsDoc>(
  { _id: { type: String, required: true }, rows: { type: Schema.Types.Mixed, required: true } },
  { strict: 'throw', collection: 'issuance_job_rows' },
);

const resultsSchema = new Schema<ResultsDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    rows: { type: Schema.Types.Mixed, required: true },
    inFlight: Schema.Types.Mixed,
    complete: { type: Boolean, required: true },
  },
  { strict: 'throw', collection: 'issuance_job_results', minimize: false },
);

const claimSchema = new Schema<ClaimDoc>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { strict: 'throw', collection: 'issuance_job_claims' },
);

const queueSchema = new Schema<QueueDoc>(
  { _id: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { strict: 'throw', collection: 'issuance_job_queue' },
);

const model = <T>(conn: Connection, name: string, schema: Schema<T>): Model<T> =>
  (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);

export const jobModels = (conn: Connection) => ({
  jobs: model(conn, 'IssuanceJob', jobSchema),
  rows: model(conn, 'IssuanceJobRows', rowsSchema),
  results: model(conn, 'IssuanceJobResults', resultsSchema),
  claims: model(conn, 'IssuanceJobClaim', claimSchema),
  queue: model(conn, 'IssuanceJobQueue', queueSchema),
});
