import type { RouteSpec } from '../../http/routes.js';
import { actorOf, param } from '../../http/handler-helpers.js';
import { issuerIdOf } from '../../http/auth.js';
import type { Validator } from '../../http/validation.js';
import type { SealUpload } from '../../core/edc/index.js';
import type { EdcService } from './edc.service.js';

const SEALED = {
  type: 'object',
  required: ['payload', 'signatures'],
  description: 'JAdES baseline-B JWS, general JSON serialization, unencoded payload (the EDC JSON-LD)',
  properties: { payload: { type: 'string' }, signatures: { type: 'array' } },
};

const CERTIFICATE = {
  type: 'object',
  required: ['source', 'subject', 'notAfter', 'fingerprint', 'selfSigned', 'certificate'],
  properties: {
    source: { enum: ['self-signed', 'uploaded'] },
    subject: { type: 'string' },
    issuer: { type: 'string' },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
    fingerprint: { type: 'string' },
    selfSigned: { type: 'boolean' },
    claimsQualified: { type: 'boolean' },
    certificate: { type: 'string', description: 'PEM chain' },
  },
};

function edcJsonRoute(service: EdcService): RouteSpec {
  return {
    method: 'get',
    path: '/credentials/{id}/edc.json',
    operationId: 'getCredentialEdc',
    tag: 'Public',
    auth: 'public',
    params: { id: 'credential id (uuid)' },
    summary: 'The credential as a sealed European Digital Credential (ELM 3.2)',
    description:
      'Built from the same records as the credential, validated with the EDC SHACL shapes (edc-generic-full) and sealed by the issuer (JAdES baseline-B JWS, JSON serialization, b64:false, x5c). Made on the first request and then served unchanged. Until the issuer uploads its own certificate, the seal is self-signed (not qualified).',
    responses: {
      200: { description: 'the sealed EDC', schema: SEALED },
      404: { description: 'no such credential, or not issued from Tilts records (VC-API)' },
      422: { description: 'the records would not make a conforming EDC (the problem names the paths)' },
    },
    handler: async (req, res) => {
      const sealed = await service.sealedFor(param(req, 'id'));
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('Content-Disposition', `inline; filename="edc-${param(req, 'id')}.json"`);
      res.type('application/json').send(JSON.stringify(sealed));
    },
  };
}

function edcUploadRoute(service: EdcService): RouteSpec {
  return {
    method: 'get',
    path: '/api/v1/credentials/{id}/edc-upload.json',
    operationId: 'getCredentialEdcUpload',
    tag: 'Credentials',
    auth: 'issuer',
    params: { id: 'credential id (uuid)' },
    summary: "The unsigned, validated EDC in the EC EDC issuer's upload format",
    description:
      'For sealing in the European Commission’s own EDC issuer: `{"credential": <EDC JSON-LD>}`, the same credential Tilts seals.',
    responses: {
      200: { description: 'the upload package', schema: { type: 'object', required: ['credential'] } },
      404: { description: 'not a credential of this issuer' },
      422: { description: 'the records would not make a conforming EDC' },
    },
    handler: async (req, res) => {
      res.json(await service.uploadPackage(issuerIdOf(res), param(req, 'id')));
    },
  };
}

/** The issuer's seal certificate: read it, or replace it with its own. */
function sealCertificateRoutes(service: EdcService, validator: Validator): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/v1/seal-certificate',
      operationId: 'getSealCertificate',
      tag: 'Issuers',
      auth: 'issuer',
      summary: 'The certificate that seals this issuer’s EDCs',
      responses: { 200: { description: 'the current seal certificate', schema: CERTIFICATE } },
      handler: async (_req, res) => {
        res.json(await service.sealCertificate(issuerIdOf(res)));
      },
    },
    {
      method: 'put',
      path: '/api/v1/seal-certificate',
      operationId: 'uploadSealCertificate',
      tag: 'Issuers',
      auth: 'issuer',
      body: 'seal-certificate-upload.json',
      summary: 'Upload the issuer’s own e-seal certificate (PEM or PKCS#12)',
      description:
        'Replaces the self-signed seal. EDCs already sealed keep their seal and are still recognised as the issuer’s. Whether the certificate is qualified is not checked (no EU trusted list offline).',
      responses: {
        200: { description: 'the new seal certificate', schema: CERTIFICATE },
        422: { description: 'unreadable, wrong password, key not matching, or not valid now' },
      },
      handler: async (req, res) => {
        const upload = validator.check<SealUpload>('seal-certificate-upload.json', req.body);
        res.json(await service.uploadSealCertificate(actorOf(res), upload));
      },
    },
  ];
}

/** The EDC renderings of a credential and the issuer's seal certificate. */
export function edcRoutes(service: EdcService, validator: Validator): RouteSpec[] {
  return [edcJsonRoute(service), edcUploadRoute(service), ...sealCertificateRoutes(service, validator)];
}
