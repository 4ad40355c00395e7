import type { RequestHandler, Response } from 'express';
import { AppError, invalid } from '../../errors.js';
import { param, query } from '../../http/handler-helpers.js';
import type { RouteSpec } from '../../http/routes.js';
import { QR_SIZES, type RenderingsService } from './renderings.service.js';
import { readUpload } from './upload.js';
import type { FileResult, VerifyFileService } from './verify-file.service.js';

const params = { id: 'credential id (uuid)' };

/** Renderings carry the learner's name: cacheable, but never indexed (privacy by default). */
function renderingHeaders(res: Response, type: string, filename?: string): Response {
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  if (filename) res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  return res.type(type);
}

/** An SVG opened on its own can run script: this one may not (the issuer's image is inside). */
const SVG_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

function qrSize(q: Record<string, unknown>): number {
  if (q.size === undefined) return QR_SIZES.default;
  const size = Number(q.size);
  if (!Number.isInteger(size) || size < QR_SIZES.min || size > QR_SIZES.max)
    throw invalid(
      '/query/size',
      `size must be a whole number of pixels from ${QR_SIZES.min} to ${QR_SIZES.max}`,
    );
  return size;
}

const rendering = (
  path: string,
  operationId: string,
  summary: string,
  type: string,
  handler: RequestHandler,
  description?: string,
): RouteSpec => ({
  method: 'get',
  path,
  operationId,
  tag: 'Public',
  auth: 'public',
  params,
  summary,
  ...(description ? { description } : {}),
  responses: { 200: { description: summary, contentTypes: [type], schema: { type: 'string' } } },
  handler,
});

const id = (req: Parameters<RequestHandler>[0]) => param(req, 'id');

/** The certificate and the baked badges: each carries the signed credential inside. */
function credentialRenderings(service: RenderingsService): RouteSpec[] {
  return [
    rendering(
      '/credentials/{id}.pdf',
      'getCredentialPdf',
      'The credential as a printable A4 certificate (PDF)',
      'application/pdf',
      async (req, res) => {
        const pdf = await service.pdf(id(req));
        renderingHeaders(res, 'application/pdf', `credential-${id(req)}.pdf`).send(pdf);
      },
      "In the credential's language, with a QR code to the credential page; the signed credential is attached inside the PDF (credential.json, or credential.jwt for a VC-JWT), so the PDF alone can be verified (POST /api/v1/verify/file).",
    ),
    rendering(
      '/credentials/{id}.png',
      'getCredentialBakedPng',
      'The baked badge image (PNG, Open Badges 3.0 baking)',
      'image/png',
      async (req, res) => {
        renderingHeaders(res, 'image/png', `badge-${id(req)}.png`).send(await service.png(id(req)));
      },
      "An iTXt chunk with keyword `openbadgecredential` holds the signed credential (the compact JWT for a VC-JWT). The image is the achievement's own PNG or SVG data: image, else a generated medal naming the achievement and the issuer.",
    ),
    rendering(
      '/credentials/{id}.svg',
      'getCredentialBakedSvg',
      'The baked badge image (SVG, Open Badges 3.0 baking)',
      'image/svg+xml',
      async (req, res) => {
        res.setHeader('Content-Security-Policy', SVG_POLICY);
        renderingHeaders(res, 'image/svg+xml', `badge-${id(req)}.svg`).send(await service.svg(id(req)));
      },
      'An `<openbadges:credential>` element holds the signed credential: in a `verify` attribute (compact JWT) or as JSON in CDATA.',
    ),
  ];
}

/** QR codes of the credential page, for screens and print. */
function qrRenderings(service: RenderingsService): RouteSpec[] {
  return [
    {
      ...rendering(
        '/credentials/{id}/qr.png',
        'getCredentialQrPng',
        'A QR code of the credential page (PNG)',
        'image/png',
        async (req, res) => {
          const png = await service.qrPng(id(req), qrSize(query(req)));
          renderingHeaders(res, 'image/png').send(png);
        },
      ),
      query: [
        {
          name: 'size',
          description: `width and height in pixels (${QR_SIZES.min}–${QR_SIZES.max}, default ${QR_SIZES.default})`,
          schema: { type: 'integer', minimum: QR_SIZES.min, maximum: QR_SIZES.max },
        },
      ],
    },
    rendering(
      '/credentials/{id}/qr.svg',
      'getCredentialQrSvg',
      'A QR code of the credential page (SVG, for print)',
      'image/svg+xml',
      async (req, res) => {
        renderingHeaders(res, 'image/svg+xml').send(await service.qrSvg(id(req)));
      },
    ),
  ];
}

/** The printable and image renderings of a credential (DESIGN §5), each on its own route. */
export function renderingRoutes(service: RenderingsService): RouteSpec[] {
  return [...credentialRenderings(service), ...qrRenderings(service)];
}

const FILE_REPORT = {
  type: 'object',
  required: ['source'],
  properties: {
    source: { enum: ['json', 'jwt', 'png', 'svg', 'pdf', 'qr'] },
    link: { type: 'string', description: 'the link a QR code holds' },
    verified: { type: 'boolean' },
    checks: { type: 'array' },
    warnings: { type: 'array' },
    errors: { type: 'array' },
    summary: { type: 'object' },
  },
};

const errorsOf = (checks: Array<{ valid: boolean; id: string; code?: string; detail: string }>) =>
  checks.filter((c) => !c.valid).map(({ id: check, code, detail }) => ({ check, code, detail }));

/**
 * A QR code that links elsewhere holds no credential to check: a problem naming the link (never
 * fetched here), so that a program cannot mistake it for a verification.
 */
function sendFileResult(res: Response, result: FileResult): void {
  if (!('report' in result)) {
    const detail = `the QR code links to ${result.link}, not to a credential on this service: open that link to see what it offers`;
    throw new AppError(
      'qr-link-elsewhere',
      'The QR code does not hold or link to a credential of this service',
      [{ pointer: '/file', detail }],
    );
  }
  const { report, source, link } = result;
  res
    .status(report.verified ? 200 : 400)
    .json({ ...report, errors: errorsOf(report.checks), source, ...(link ? { link } : {}) });
}

/** POST /api/v1/verify/file: the verify page's upload, for programs too. */
export function verifyFileRoutes(service: VerifyFileService, limit: RequestHandler): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/api/v1/verify/file',
      operationId: 'verifyFile',
      tag: 'Verify',
      auth: 'public',
      before: [limit],
      upload: {
        field: 'file',
        description:
          'JSON, compact JWT, baked PNG or SVG, a Tilts PDF certificate, or a PNG/JPEG picture of a QR code',
      },
      summary: 'Verify a credential file: JSON, JWT, baked badge, PDF certificate or a picture of a QR code',
      description:
        'Reads the credential out of the uploaded file (multipart/form-data, field `file`, at most 10 MB) and answers as POST /credentials/verify does (200 verified, 400 not verified, the same report) plus `source` (json, jwt, png, svg, pdf or qr). A QR code that links to a credential on this service is verified from its records (`link` names it); a QR code that links anywhere else is a 422 problem (qr-link-elsewhere) whose field error names the link: nothing is fetched and nothing is verified. Problems with the file itself are problem+json with pointer /file. Rate-limited like POST /credentials/verify.',
      responses: {
        200: { description: 'verified', schema: FILE_REPORT },
        400: {
          description:
            'not verified (the report names the failing checks), a malformed upload, or a JSON file that is malformed (malformed-json) or nested too deeply (json-too-deep)',
        },
        404: { description: 'the QR code points to a credential this service does not hold' },
        413: { description: 'the file is over 10 MB, or the image over 25 megapixels' },
        415: { description: 'not multipart/form-data, or a kind of file that holds no credential' },
        422: {
          description:
            'file-not-image, image-unreadable, image-no-credential, svg-no-credential, pdf-unreadable, pdf-no-credential, qr-no-credential, qr-link-elsewhere (the field error names the link)',
        },
        429: { description: 'too many requests from this address' },
      },
      handler: async (req, res) => {
        const file = await readUpload(req, res);
        sendFileResult(res, await service.verifyFile(file));
      },
    },
  ];
}
