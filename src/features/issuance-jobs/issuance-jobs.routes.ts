import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { Actor } from '../../actor.js';
import { issuerIdOf } from '../../http/auth.js';
import { actorOf, param, query } from '../../http/handler-helpers.js';
import type { QueryParam, RouteSpec } from '../../http/routes.js';
import type { Validator } from '../../http/validation.js';
import { PAGE_QUERY, readPaging } from '../shared/paging.js';
import { sizeText } from './csv-reader.js';
import { ROW_COLUMNS } from './job-rows.js';
import type { IssuanceJobsService, JobLimits, JobOptions } from './issuance-jobs.service.js';
import { csvUpload, multipartUpload, type Upload } from './issuance-jobs.upload.js';

const OPTION = (name: keyof JobOptions) => ({ $ref: `issuance-job-options.json#/properties/${name}` });
const OPTION_NAMES: Array<keyof JobOptions> = [
  'achievementId',
  'language',
  'format',
  'awardedDate',
  'validUntil',
];

const CSV_FORMAT = `UTF-8 (with or without BOM), separated by "," or ";" (whichever the header line holds more of), quoted as RFC 4180; the header line names the columns: ${ROW_COLUMNS.join(', ')} (see IssuanceJobRow). A row's number is its line in the file (the header is line 1).`;

const OPTION_QUERY: QueryParam[] = OPTION_NAMES.map((name) => ({
  name,
  description: `for a text/csv upload: ${name} of every row (IssuanceJobOptions)`,
  schema: OPTION(name),
}));

const params = { id: 'issuance job id (uuid)' };

async function fromUpload(
  service: IssuanceJobsService,
  validator: Validator,
  actor: Actor,
  upload: Upload,
  options: Record<string, unknown>,
) {
  try {
    const checked = validator.check<JobOptions>('issuance-job-options.json', options, 'The job settings');
    return await service.createFromCsv(actor, checked, upload.bytes, upload.fileName);
  } finally {
    upload.discard();
  }
}

/** JSON learners, a text/csv body with the settings in the query, or a multipart form with a file. */
async function createJob(
  service: IssuanceJobsService,
  validator: Validator,
  req: Request,
  actor: Actor,
  maxBytes: number,
) {
  if (req.is('text/csv')) return fromUpload(service, validator, actor, csvUpload(req, maxBytes), query(req));
  if (req.is('multipart/form-data')) {
    const upload = await multipartUpload(req, maxBytes);
    return fromUpload(service, validator, actor, upload, { ...query(req), ...upload.fields });
  }
  const body = validator.check<Parameters<IssuanceJobsService['createFromJson']>[1]>(
    'issuance-job-create.json',
    req.body,
  );
  return service.createFromJson(actor, body);
}

/** The two upload forms of a job: the CSV as the body, or as a form's file part after the settings. */
const uploadMedia = (maxUploadBytes: number): RouteSpec['bodyMedia'] => ({
  'text/csv': {
    schema: {
      type: 'string',
      description: `The CSV file itself, with the job settings as query parameters. ${CSV_FORMAT}`,
    },
  },
  'multipart/form-data': {
    schema: {
      type: 'object',
      description: `Form fields with the job settings (IssuanceJobOptions), then the CSV file as the part named "file". ${CSV_FORMAT}`,
      required: ['achievementId', 'language', 'file'],
      properties: {
        ...Object.fromEntries(OPTION_NAMES.map((name) => [name, OPTION(name)])),
        file: {
          type: 'string',
          contentMediaType: 'text/csv',
          description: `the CSV file, at most ${sizeText(maxUploadBytes)}`,
        },
      },
    },
    encoding: { file: { contentType: 'text/csv' } },
  },
});

const CREATE_RESPONSES: RouteSpec['responses'] = {
  202: {
    description: 'accepted: the job, queued (Location: the job)',
    schema: { type: 'object', required: ['id', 'state', 'counts', 'links'] },
  },
  400: {
    description:
      'invalid settings or JSON; a CSV file that is not UTF-8, binary, badly quoted, empty, or has unknown or missing columns',
  },
  413: { description: 'the upload or the number of rows is over the limit of one job' },
  415: { description: 'not JSON, text/csv or multipart/form-data' },
  422: {
    description:
      'unknown or archived achievement, no edition in the language, or no row that could be issued',
  },
};

type Limits = Pick<JobLimits, 'maxRows' | 'maxUploadBytes'>;

function createJobRoute(
  service: IssuanceJobsService,
  validator: Validator,
  { maxRows, maxUploadBytes }: Limits,
): RouteSpec {
  return {
    method: 'post',
    path: '/api/v1/issuance-jobs',
    operationId: 'createIssuanceJob',
    tag: 'Issuance jobs',
    auth: 'issuer',
    body: 'issuance-job-create.json',
    bodyMedia: uploadMedia(maxUploadBytes),
    query: OPTION_QUERY,
    summary: 'Issue one achievement to a whole class (an issuance job)',
    description: `Checks every row, stores the job and answers at once; the service's workers then issue the good rows one by one, each exactly once (a row's idempotency key is job:<jobId>:<row> unless the row gives one). Bad rows are refused with their reasons and never stop the good ones. At most ${maxRows} rows and ${sizeText(maxUploadBytes)} per job.`,
    responses: CREATE_RESPONSES,
    handler: async (req, res) => {
      const job = await createJob(service, validator, req, actorOf(res), maxUploadBytes);
      res.status(202).location(job.links.self).json(job);
    },
  };
}

const getJobRoute = (service: IssuanceJobsService): RouteSpec => ({
  method: 'get',
  path: '/api/v1/issuance-jobs/{id}',
  operationId: 'getIssuanceJob',
  tag: 'Issuance jobs',
  auth: 'issuer',
  params,
  summary: 'A job: its state (queued, running, done, cancelled, failed), counts and progress',
  responses: {
    200: {
      description: 'the job',
      schema: { type: 'object', required: ['id', 'state', 'counts', 'progress'] },
    },
  },
  handler: async (req, res) => {
    res.json(await service.get(issuerIdOf(res), param(req, 'id')));
  },
});

const sendResultsCsv =
  (service: IssuanceJobsService): RouteSpec['handler'] =>
  async (req, res) => {
    const lines = await service.resultsCsv(issuerIdOf(res), param(req, 'id'));
    res.type('text/csv; charset=utf-8').attachment(`issuance-job-${param(req, 'id')}-results.csv`);
    // once the file has begun, a failure can only cut it short (pipeline destroys the response)
    await pipeline(Readable.from(lines), res).catch((error: unknown) => {
      if (!res.headersSent) throw error;
    });
  };

/** A job's rows with their outcome: as pages of JSON, or as one CSV file. */
function resultRoutes(service: IssuanceJobsService): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/v1/issuance-jobs/{id}/results',
      operationId: 'listIssuanceJobResults',
      tag: 'Issuance jobs',
      auth: 'issuer',
      params,
      query: PAGE_QUERY,
      summary: "A page of the job's rows in order: each row's credential link, or why it was refused",
      responses: {
        200: {
          description: 'rows with their outcome (issued, refused, failed, cancelled, pending)',
          schema: 'page.json',
        },
      },
      handler: async (req, res) => {
        res.json(await service.results(issuerIdOf(res), param(req, 'id'), readPaging(query(req))));
      },
    },
    {
      method: 'get',
      path: '/api/v1/issuance-jobs/{id}/results.csv',
      operationId: 'downloadIssuanceJobResults',
      tag: 'Issuance jobs',
      auth: 'issuer',
      params,
      summary:
        'The results as a CSV file (UTF-8 with BOM): row, outcome, credentialUrl, credentialId, learner, code, reason',
      responses: {
        200: { description: 'the results file', contentTypes: ['text/csv'], schema: { type: 'string' } },
      },
      handler: sendResultsCsv(service),
    },
  ];
}

const cancelJobRoute = (service: IssuanceJobsService): RouteSpec => ({
  method: 'post',
  path: '/api/v1/issuance-jobs/{id}/cancel',
  operationId: 'cancelIssuanceJob',
  tag: 'Issuance jobs',
  auth: 'issuer',
  params,
  summary: 'Cancel a job: no further rows are issued (a row being issued completes)',
  responses: {
    200: { description: 'the job, cancelled', schema: { type: 'object', required: ['id', 'state'] } },
    409: { description: 'the job has finished already' },
  },
  handler: async (req, res) => {
    res.json(await service.cancel(actorOf(res), param(req, 'id')));
  },
});

export function issuanceJobRoutes(
  service: IssuanceJobsService,
  validator: Validator,
  limits: Limits,
): RouteSpec[] {
  return [
    createJobRoute(service, validator, limits),
    getJobRoute(service),
    ...resultRoutes(service),
    cancelJobRoute(service),
  ];
}
