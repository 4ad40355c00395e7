import { issuerDidOf } from '../core/vc-api/index.js';
import { publicAchievementRoutes } from '../features/achievements/achievements.public.js';
import { achievementRoutes } from '../features/achievements/achievements.routes.js';
import { apiKeyRoutes } from '../features/api-keys/api-keys.routes.js';
import { auditRoutes } from '../features/audit/audit.routes.js';
import {
  credentialRoutes,
  credentialStatusRoutes,
  publicCredentialRoutes,
} from '../features/credentials/credentials.routes.js';
import { edcRoutes } from '../features/edc/edc.routes.js';
import { sealOnCreate } from '../features/edc/seal-on-create.js';
import { issuanceJobRoutes } from '../features/issuance-jobs/issuance-jobs.routes.js';
import { issuerRoutes } from '../features/issuers/issuers.routes.js';
import { learnerRoutes } from '../features/learners/learners.routes.js';
import { buildOpenApi } from '../features/ops/openapi.js';
import { opsRoutes } from '../features/ops/ops.routes.js';
import { credentialHtml, pagesRoutes } from '../features/pages/pages.routes.js';
import { renderingRoutes, verifyFileRoutes } from '../features/renderings/renderings.routes.js';
import { statusRoutes } from '../features/status/status.routes.js';
import { vcApiRoutes } from '../features/vc-api/vc-api.routes.js';
import { createVcApiService } from '../features/vc-api/vc-api.service.js';
import { verifyRoutes } from '../features/verify/verify.routes.js';
import type { RouteSpec } from '../http/routes.js';
import type { loadSchemas, Validator } from '../http/validation.js';
import type { Store } from '../infra/mongo.js';
import type { Base } from './context.js';
import type { Credentials } from './credentials.js';
import type { Jobs } from './jobs.js';
import type { JsonLd } from './jsonld.js';
import type { Pages } from './pages.js';
import type { Records } from './records.js';
import { packageVersion } from './reference.js';
import type { Verify } from './verify.js';

/** Everything the routes are made from. */
export interface RouteParts {
  base: Base;
  store: Store;
  validator: Validator;
  schemas: ReturnType<typeof loadSchemas>;
  records: Records;
  jsonLd: JsonLd;
  credentials: Credentials;
  jobs: Jobs;
  verify: Verify;
  pages: Pages;
}

/** Issuers (each sealed an EDC certificate at creation), their API keys, achievements and learners. */
function recordRoutes({ base, validator, records, credentials, pages }: RouteParts): RouteSpec[] {
  const { issuers, achievements, learners } = records;
  const { config, logger } = base;
  const sealing = sealOnCreate(issuers, credentials.edc.sealKey, (error) =>
    logger.warn('EDC seal certificate not made at issuer creation (made on first use)', {
      error: error instanceof Error ? error.name : 'unknown',
    }),
  );
  return [
    ...issuerRoutes(sealing, validator, config.publicUrl, pages.profileHtml),
    ...apiKeyRoutes(issuers, validator),
    ...achievementRoutes(achievements, validator),
    ...learnerRoutes(learners, validator),
    ...publicAchievementRoutes(achievements, config.publicUrl),
  ];
}

/** The W3C VC-API: issues with the issuer's did:key. */
function vcApi({ base, validator, records, jsonLd, credentials }: RouteParts): RouteSpec[] {
  const service = createVcApiService({
    credentials: credentials.credentials,
    didKey: async (issuerId) =>
      issuerDidOf((await records.keys.signing(issuerId)).ed25519) as `did:key:${string}`,
    documentLoader: jsonLd.contextLoader,
    clock: base.clock,
  });
  return vcApiRoutes(service, validator);
}

/** Credentials, their renderings, EDC, status lists, jobs and verification. */
function credentialAreaRoutes(parts: RouteParts): RouteSpec[] {
  const { validator, credentials: c, jobs, verify, pages } = parts;
  return [
    ...credentialRoutes(c.credentials, validator),
    ...credentialStatusRoutes(c.credentials, validator),
    ...issuanceJobRoutes(jobs.service, validator, jobs.limits),
    ...renderingRoutes(pages.renderings),
    ...publicCredentialRoutes(c.credentials, credentialHtml(pages.pages)),
    ...edcRoutes(c.edc, validator),
    ...statusRoutes(c.status),
    ...verifyRoutes(verify.checked, validator, verify.verifyLimit),
    ...verifyFileRoutes(verify.verifyFile, verify.verifyLimit),
    ...vcApi(parts),
  ];
}

/** Every route, in mounting order; /openapi.json is built from them on first request. */
export function buildRoutes(parts: RouteParts): RouteSpec[] {
  const { base, store, schemas, records, pages } = parts;
  const routes: RouteSpec[] = [];
  let openapi: Record<string, unknown> | undefined;
  const ops = opsRoutes({
    ready: () => store.ping(),
    shells: pages.shells,
    openapi: () =>
      (openapi ??= buildOpenApi(routes, schemas, {
        version: packageVersion(),
        publicUrl: base.config.publicUrl,
      })),
  });
  routes.push(
    ...recordRoutes(parts),
    ...credentialAreaRoutes(parts),
    ...auditRoutes(records.audit),
    ...ops,
    ...pagesRoutes(pages.pages),
  );
  return routes;
}
