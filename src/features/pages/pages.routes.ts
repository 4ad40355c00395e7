import express, { type Request, type RequestHandler, type Response } from 'express';
import { AppError, ERROR_STATUS } from '../../errors.js';
import type { AssetStore } from '../../http/assets.js';
import { param } from '../../http/handler-helpers.js';
import type { PageShell } from '../../http/html.js';
import type { RouteSpec } from '../../http/routes.js';
import type { CredentialDoc } from '../credentials/credential.model.js';
import { credentialLinks } from '../credentials/links.js';
import { renderCredentialPage } from './credential.page.js';
import { readCredentialFacts } from '../../core/certificate/facts.js';
import { issuerPageUrl } from './format.js';
import { renderHomePage } from './home.page.js';
import type { PagesService } from './pages.service.js';
import type { PageReport } from './result.view.js';
import { readUpload } from '../renderings/upload.js';
import type { FileResult, UploadedFile } from '../renderings/verify-file.service.js';
import { renderVerifyPage, type VerifyOutcome } from './verify.page.js';

export interface PagesDeps {
  service: PagesService;
  shells: (req: Request, res: Response) => PageShell;
  assets: AssetStore;
  /** the rate limit of POST /credentials/verify, shared with the pages that verify */
  limit: RequestHandler;
  publicUrl: string;
  bodyLimitBytes: number;
  /** reads a credential out of an uploaded file and verifies it (the service behind POST /api/v1/verify/file) */
  verifyFile: (file: UploadedFile) => Promise<FileResult<PageReport>>;
}

const HTML = { description: 'HTML page', contentTypes: ['text/html'], schema: { type: 'string' } };
/** An answer in words on the page (documented beside problem+json, the answer to a malformed request). */
const page = (description: string) => ({ ...HTML, description, orProblem: true });

/** Runs the rate limit as a check, so a page can answer "too many" in its own words. */
function withinLimit(limit: RequestHandler, req: Request, res: Response): boolean {
  let passed = false;
  try {
    void limit(req, res, () => {
      passed = true;
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'too-many-requests') return false;
    throw error;
  }
  return passed;
}

const sendPage = (res: Response, status: number, html: string) =>
  res.status(status).setHeader('Cache-Control', 'no-store').type('html').send(html);

/** The HTML answer of GET /credentials/{id} (content negotiation stays in the credentials routes). */
export function credentialHtml(deps: PagesDeps) {
  return async (req: Request, res: Response, doc: CredentialDoc | undefined): Promise<void> => {
    const shell = deps.shells(req, res);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    if (!doc) {
      const outcome = { error: shell.t('verify.error.unknown-credential') };
      return void sendPage(res, 404, renderVerifyPage({ outcome }, shell));
    }
    if (!withinLimit(deps.limit, req, res)) {
      sendPage(res, 429, renderVerifyPage({ outcome: { error: shell.t('verify.error.rate') } }, shell));
      return;
    }
    const report = await deps.service.verifyStored(doc);
    const links = credentialLinks(deps.publicUrl, doc._id, doc.format);
    const id = typeof doc.credential.id === 'string' ? doc.credential.id : (links.self ?? doc._id);
    const facts = readCredentialFacts(doc.credential);
    const issuerHref = issuerPageUrl(facts.issuer.id, deps.publicUrl);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.type('html').send(renderCredentialPage({ id, facts, report, links, issuerHref }, shell));
  };
}

/** A report as the page shows it, with the issuer's page linked when it is ours or another https site. */
function reportOutcome(deps: PagesDeps, report: PageReport, source?: string): VerifyOutcome {
  const issuerId = 'issuerId' in report.summary ? report.summary.issuerId : undefined;
  return { report, issuerHref: issuerPageUrl(issuerId, deps.publicUrl), ...(source ? { source } : {}) };
}

/** An upload: the same service as POST /api/v1/verify/file; its problems become words on the page. */
async function fileOutcome(
  deps: PagesDeps,
  req: Request,
  res: Response,
  shell: PageShell,
): Promise<{ status: number; outcome: VerifyOutcome }> {
  try {
    const result = await deps.verifyFile(await readUpload(req, res));
    if (!('report' in result)) return { status: 422, outcome: { link: result.link } };
    return { status: 200, outcome: reportOutcome(deps, result.report, result.source) };
  } catch (error) {
    const status = error instanceof AppError ? ERROR_STATUS[error.code] : 500;
    if (!(error instanceof AppError) || status >= 500) throw error;
    const key = `verify.fileError.${error.code}`;
    const said = shell.t(key);
    return { status, outcome: { error: said === key ? shell.t('verify.fileError.failed') : said } };
  }
}

async function verifyOutcome(deps: PagesDeps, input: string, shell: PageShell): Promise<VerifyOutcome> {
  const outcome = await deps.service.verifyText(input);
  if ('problem' in outcome) return { error: shell.t(`verify.error.${outcome.problem}`) };
  return reportOutcome(deps, outcome.report);
}

/** The pages people open: home and the verify form. */
function pageRoutes(deps: PagesDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/',
      operationId: 'homePage',
      tag: 'Pages',
      auth: 'public',
      summary: 'Home page: what Tilts is, the verify box, links for developers',
      responses: { 200: HTML },
      handler: (req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('html').send(renderHomePage(deps.shells(req, res), true));
      },
    },
    {
      method: 'get',
      path: '/verify',
      operationId: 'verifyPage',
      tag: 'Pages',
      auth: 'public',
      summary: 'The verify page: paste a credential, a JWT or a link, or upload a file',
      // a page for people: links shared by messengers gain stray parameters, so none is refused
      description:
        'Query parameters (optional, others are ignored): `credential`, a credential link or text to pre-fill the form with (the `verify` link of an issue answer; at most 4000 characters are used); `lang`, the page language (lv, en or lt; otherwise Accept-Language decides).',
      responses: { 200: HTML },
      handler: (req, res) => {
        const prefill = typeof req.query.credential === 'string' ? req.query.credential.slice(0, 4000) : '';
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.type('html').send(renderVerifyPage({ input: prefill, upload: true }, deps.shells(req, res)));
      },
    },
  ];
}

/** A pasted text or an uploaded file, checked; the answer is always the page, with the outcome on it. */
const submitVerifyForm =
  (deps: PagesDeps): RouteSpec['handler'] =>
  async (req, res) => {
    const shell = deps.shells(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const input = typeof body.credential === 'string' ? body.credential : '';
    if (!withinLimit(deps.limit, req, res)) {
      const outcome = { error: shell.t('verify.error.rate') };
      return void sendPage(res, 429, renderVerifyPage({ input, outcome, upload: true }, shell));
    }
    if (req.is('multipart/form-data')) {
      const { status, outcome } = await fileOutcome(deps, req, res, shell);
      return void sendPage(res, status, renderVerifyPage({ outcome, upload: true }, shell));
    }
    const outcome = await verifyOutcome(deps, input, shell);
    sendPage(res, 'error' in outcome ? 422 : 200, renderVerifyPage({ input, outcome, upload: true }, shell));
  };

function verifySubmitRoute(deps: PagesDeps, form: RequestHandler): RouteSpec {
  return {
    method: 'post',
    path: '/verify',
    operationId: 'verifyPageSubmit',
    tag: 'Pages',
    auth: 'public',
    before: [form],
    summary: 'The verify form (works without JavaScript): checks what was pasted and shows the result',
    description:
      'An HTML form post: `application/x-www-form-urlencoded` with the field `credential` (pasted JSON, JWT or link), or `multipart/form-data` with the field `file` (as POST /api/v1/verify/file). Programs use POST /credentials/verify or POST /api/v1/verify/file. Rate-limited together with them.',
    responses: {
      200: HTML,
      400: page('no file, or a file of malformed JSON (HTML page); a malformed body (problem+json)'),
      404: page('a QR code pointing to a credential this service does not hold'),
      413: page('the file is too large (HTML page); a pasted text over the body limit (problem+json)'),
      415: page('a kind of file that cannot be checked'),
      422: page('nothing to check, a link the page cannot check, or a file without a credential'),
      429: page('too many requests from this address'),
    },
    handler: submitVerifyForm(deps),
  };
}

function assetRoute(deps: PagesDeps): RouteSpec {
  return {
    method: 'get',
    path: '/assets/{file}',
    operationId: 'asset',
    tag: 'Pages',
    auth: 'public',
    params: { file: 'asset file name (content-hashed names are immutable)' },
    summary: 'Styles, scripts and images of the pages (served by Tilts; nothing comes from elsewhere)',
    responses: {
      200: { description: 'the file', contentTypes: ['text/css', 'text/javascript', 'image/svg+xml'] },
      304: { description: 'not modified (ETag)' },
    },
    handler: (req, res) => {
      deps.assets.serve(req, res, param(req, 'file'));
    },
  };
}

export function pagesRoutes(deps: PagesDeps): RouteSpec[] {
  const form = express.urlencoded({ extended: false, limit: deps.bodyLimitBytes, parameterLimit: 10 });
  return [...pageRoutes(deps), verifySubmitRoute(deps, form), assetRoute(deps)];
}
