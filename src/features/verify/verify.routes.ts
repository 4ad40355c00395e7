import type { RequestHandler } from 'express';
import type { RouteSpec } from '../../http/routes.js';
import type { Validator } from '../../http/validation.js';
import type { VerifyService } from './verify.service.js';

const REPORT = {
  type: 'object',
  required: ['verified', 'checks', 'warnings'],
  properties: {
    verified: { type: 'boolean' },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'valid', 'detail'],
        properties: {
          id: { type: 'string' },
          valid: { type: 'boolean' },
          severity: { enum: ['warning'] },
          code: { type: 'string' },
          detail: { type: 'string' },
        },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    errors: { type: 'array' },
    summary: { type: 'object' },
  },
};

const errorsOf = (
  checks: Array<{ valid: boolean; severity?: string; id: string; code?: string; detail: string }>,
) =>
  checks
    .filter((c) => !c.valid && c.severity !== 'warning')
    .map(({ id, code, detail }) => ({ check: id, code, detail }));

function credentialVerifyRoute(
  service: VerifyService,
  validator: Validator,
  limit: RequestHandler,
): RouteSpec {
  return {
    method: 'post',
    path: '/credentials/verify',
    operationId: 'verifyCredential',
    tag: 'Verify',
    auth: 'public',
    body: 'verify-credential.json',
    before: [limit],
    summary: 'W3C VC-API: verify a credential and explain the answer',
    description:
      'Runs the Open Badges 3.0 verification steps as a log of named checks (parse, context, type, json-ld, schema, subject, issuer, proof, validity, status, endorsements), then the warning-level `eu-elements` (which mandatory elements of the EU Recommendation a MicroCredential lacks; it never changes `verified`). `summary.achievement` reports what was certified — EQF/NQF level, workload (hours, credits with their system), learning outcomes with ESCO skills, assessment, participation, quality assurance, stackability — read from the credential itself. Keys are trusted only when the issuer’s own profile or DID document lists them. Tilts-issued credentials are checked against Tilts’ records too (suspension included). 200 when verified, 400 with the same report when not. Rate-limited per client address.',
    responses: {
      200: { description: 'verified', schema: REPORT },
      400: {
        description:
          'not verified: the same report, naming the failing checks (application/json); a malformed request: problem+json',
        schema: REPORT,
        orProblem: true,
      },
      429: { description: 'too many requests from this address' },
    },
    handler: async (req, res) => {
      const { verifiableCredential } = validator.check<{ verifiableCredential: unknown }>(
        'verify-credential.json',
        req.body,
      );
      const report = await service.verifyCredential(verifiableCredential);
      res.status(report.verified ? 200 : 400).json({ ...report, errors: errorsOf(report.checks) });
    },
  };
}

function presentationVerifyRoute(
  service: VerifyService,
  validator: Validator,
  limit: RequestHandler,
): RouteSpec {
  return {
    method: 'post',
    path: '/presentations/verify',
    operationId: 'verifyPresentation',
    tag: 'Verify',
    auth: 'public',
    body: 'verify-presentation.json',
    before: [limit],
    summary: 'W3C VC-API: verify a presentation and every credential in it',
    responses: {
      200: { description: 'verified', schema: REPORT },
      400: {
        description: 'not verified: the report (application/json); a malformed request: problem+json',
        schema: REPORT,
        orProblem: true,
      },
      429: { description: 'too many requests from this address' },
    },
    handler: async (req, res) => {
      const body = validator.check<{
        verifiablePresentation: unknown;
        options?: { challenge?: string; domain?: string };
      }>('verify-presentation.json', req.body);
      const report = await service.verifyPresentation(body.verifiablePresentation, body.options ?? {});
      res.status(report.verified ? 200 : 400).json({ ...report, errors: errorsOf(report.checks) });
    },
  };
}

export function verifyRoutes(
  service: VerifyService,
  validator: Validator,
  limit: RequestHandler,
): RouteSpec[] {
  return [
    credentialVerifyRoute(service, validator, limit),
    presentationVerifyRoute(service, validator, limit),
  ];
}
