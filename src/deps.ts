import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT as ROOT, type Config } from './config.js';
import { CONTEXTS, packagedContexts } from './core/jsonld/contexts.js';
import { createShaclValidator } from './core/edc/shacl.js';
import { createEdcRepository } from './features/edc/edc.repository.js';
import { edcRoutes } from './features/edc/edc.routes.js';
import { createEdcService } from './features/edc/edc.service.js';
import { edcRecords, sealOnCreate } from './features/edc/records.js';
import { createDocumentLoader } from './core/jsonld/document-loader.js';
import { createEddsaRdfc2022Cryptosuite, createExpansionMemo } from './core/jsonld/reused-expansion.js';
import { createShapeCache } from './core/jsonld/shapes.js';
import { createOpenBadgeValidator } from './core/ob3/validate.js';
import { issuerDidOf } from './core/vc-api/index.js';
import { createCredentialsRepository } from './features/credentials/credentials.repository.js';
import {
  credentialRoutes,
  credentialStatusRoutes,
  publicCredentialRoutes,
} from './features/credentials/credentials.routes.js';
import { createCredentialsService } from './features/credentials/credentials.service.js';
import { createReclaimer } from './features/credentials/reclaimer.js';
import { createCredentialSigner, type SignerOptions } from './features/credentials/signer.js';
import { createStatusRepository } from './features/status/status.repository.js';
import { statusRoutes } from './features/status/status.routes.js';
import { createStatusService } from './features/status/status.service.js';
import { vcApiRoutes } from './features/vc-api/vc-api.routes.js';
import { createVcApiService } from './features/vc-api/vc-api.service.js';
import type { DnsLookup, RemoteFetch } from './core/verify/index.js';
import { ownRecords } from './features/verify/own-records.js';
import { verifyRoutes } from './features/verify/verify.routes.js';
import { createVerifyService } from './features/verify/verify.service.js';
import { rateLimit } from './http/rate-limit.js';
import { dnsLookup, pinnedFetch } from './infra/remote-fetch.js';
import { createApiKeys } from './features/api-keys/api-keys.repository.js';
import { apiKeyRoutes } from './features/api-keys/api-keys.routes.js';
import { achievementModel } from './features/achievements/achievement.model.js';
import { achievementRoutes } from './features/achievements/achievements.routes.js';
import { publicAchievementRoutes } from './features/achievements/achievements.public.js';
import { createAchievementsService } from './features/achievements/achievements.service.js';
import { migrateAchievements } from './features/achievements/achievements.migration.js';
import { createEditionsRepository } from './features/achievements/editions.repository.js';
import { createAuditLog } from './features/audit/audit.repository.js';
import { auditRoutes } from './features/audit/audit.routes.js';
import { createIssuerKeys } from './features/issuers/issuer-keys.repository.js';
import { cacheIssuerRecords } from './features/issuers/issuer-cache.js';
import { cacheSigningKeys } from './features/issuers/signing-key-cache.js';
import { createIssuersRepository } from './features/issuers/issuers.repository.js';
import { issuerRoutes } from './features/issuers/issuers.routes.js';
import { createIssuersService } from './features/issuers/issuers.service.js';
import { createLearnerEmails, migrateLearnerEmails } from './features/learners/learner-emails.js';
import { createLearnersRepository } from './features/learners/learners.repository.js';
import { learnerRoutes } from './features/learners/learners.routes.js';
import { createLearnersService } from './features/learners/learners.service.js';
import { buildOpenApi } from './features/ops/openapi.js';
import { opsRoutes } from './features/ops/ops.routes.js';
import { createScopedRepository } from './features/shared/scoped-repository.js';
import type { Authenticate } from './http/auth.js';
import type { RouteSpec } from './http/routes.js';
import { createValidator, loadSchemas, type Validator } from './http/validation.js';
import { startEmbeddedStore, type EmbeddedStore } from './infra/embedded-store.js';
import { generateEd25519Key, generateP256Key } from './core/keys/index.js';
import { loadOrCreateAdminToken, loadOrCreateMasterKey } from './infra/local-secrets.js';
import type { Logger } from './infra/logger.js';
import { createJsonLdPool } from './infra/jsonld-pool.js';
import { checkMasterKey } from './infra/master-key-check.js';
import { createLeases } from './infra/leases.js';
import { connectStore, type Store } from './infra/mongo.js';
import { createSecretBox } from './infra/secret-box.js';
import { isIscedFCode } from './core/vocab/index.js';
import { credentialHtml, pagesRoutes } from './features/pages/pages.routes.js';
import { createPagesService } from './features/pages/pages.service.js';
import { loadAssets } from './http/assets.js';
import { createPageShells, type PageShells } from './http/html.js';
import { createIssuanceJobsRepository } from './features/issuance-jobs/issuance-jobs.repository.js';
import { issuanceJobRoutes } from './features/issuance-jobs/issuance-jobs.routes.js';
import {
  createIssuanceJobsService,
  JOB_LIMITS,
  type JobLimits,
} from './features/issuance-jobs/issuance-jobs.service.js';
import { createIssuanceWorker, type WorkerOptions } from './features/issuance-jobs/issuance-jobs.worker.js';
import { loadCatalogues } from './i18n/index.js';
import { createBadgeImages, initBadgeRasterizer } from './features/renderings/badge-image.js';
import { loadFonts } from './features/renderings/fonts.js';
import { renderingRoutes, verifyFileRoutes } from './features/renderings/renderings.routes.js';
import { createRenderingsService } from './features/renderings/renderings.service.js';
import { createVerifyFileService, type UploadedFile } from './features/renderings/verify-file.service.js';

const OB3_SCHEMA_FILE = 'openbadges/schema/purl/ob_v3p0_achievementcredential_schema.json';
const OB3_ENDORSEMENT_SCHEMA_FILE = 'openbadges/schema/purl/ob_v3p0_endorsementcredential_schema.json';
const OB3_PROFILE_SCHEMA_FILE = 'openbadges/schema/purl/ob_v3p0_profile_schema.json';
const EDC_CONTEXT_FILE = 'edc/context/edc-ap-context.jsonld';
const EDC_SHAPE_FILES = ['edc/shapes/EDC-generic-no-cv.ttl', 'edc/shapes/EDC-generic-full.ttl'];

/** Reference data (never committed) from REFERENCE_DATA_DIR, filled by scripts/setup.sh. */
function loadReference(config: Readonly<Config>, file: string): Record<string, unknown> {
  const path = join(config.referenceDataDir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new Error(`reference data missing: ${path} (run npm run setup)`);
  }
}

/** Reference data as text (the EDC SHACL shapes are Turtle). */
function loadReferenceText(config: Readonly<Config>, file: string): string {
  const path = join(config.referenceDataDir, file);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`reference data missing: ${path} (run npm run setup)`);
  }
}

/** Packaged contexts, the EDC context from reference data, and the ones this project keeps in contexts/. */
function allContexts(config: Readonly<Config>): Map<string, unknown> {
  const contexts = packagedContexts();
  contexts.set(CONTEXTS.EDC_AP, loadReference(config, EDC_CONTEXT_FILE));
  const dir = join(ROOT, 'contexts');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
  for (const [url, file] of Object.entries(index))
    contexts.set(url, JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return contexts;
}

export interface Deps {
  config: Readonly<Config>;
  logger: Logger;
  store: Store;
  embeddedStore?: EmbeddedStore;
  routes: RouteSpec[];
  authenticate: Authenticate;
  validator: Validator;
  /** the layout of every HTML page, in the reader's language (also for the outage page) */
  shells: PageShells;
  /** set when the admin token was generated by this start: printed once by main, then kept */
  generatedAdminToken?: { token: string; keep: () => void };
  masterKeyCreated: boolean;
  /** stops this instance's issuance-job workers (the first step of a shutdown; close() does it too) */
  stopJobs(): Promise<void>;
  close(): Promise<void>;
}

export interface DepsOptions {
  /** injectable clock (tests) */
  clock?: () => Date;
  /** root of schemas/ (default: ./schemas) */
  schemasDir?: string;
  /** the verifier's network access (tests inject fakes that count calls) */
  remoteFetch?: RemoteFetch;
  dnsLookup?: DnsLookup;
  /** issuance jobs: worker tuning and limits (tests) */
  issuanceJobs?: { worker?: Partial<WorkerOptions>; limits?: Partial<JobLimits> };
  /** sees every Data Integrity proof the credential signer makes (tests check its bytes) */
  onDataIntegrityProof?: SignerOptions['onProof'];
}

/** Static files of the pages: ours in assets/, the API viewer's from its npm package. */
function pageAssets() {
  const swagger = join(ROOT, 'node_modules', 'swagger-ui-dist');
  const own = (name: string) => [name, join(ROOT, 'assets', name)];
  return loadAssets({
    ...Object.fromEntries(['site.css', 'site.js', 'docs.js', 'favicon.svg'].map(own)),
    'swagger-ui.css': join(swagger, 'swagger-ui.css'),
    'swagger-ui-bundle.js': join(swagger, 'swagger-ui-bundle.js'),
  });
}

const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

async function openStore(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ store: Store; embeddedStore?: EmbeddedStore }> {
  if (config.mongodbUri)
    return { store: await connectStore(config.mongodbUri, logger.child({ component: 'store' })) };
  const embeddedStore = await startEmbeddedStore({
    binary: config.ferretdbBin,
    dataDir: join(config.dataDir, 'store'),
    port: config.embeddedStorePort,
    logger: logger.child({ component: 'embedded-store' }),
  });
  const store = await connectStore(`${embeddedStore.uri}tilts`, logger.child({ component: 'store' })).catch(
    async (error) => {
      await embeddedStore.stop();
      throw error;
    },
  );
  return { store, embeddedStore };
}

/** The only composition root: store, secrets, repositories, services and routes. */
export async function buildDeps(
  config: Readonly<Config>,
  logger: Logger,
  options: DepsOptions = {},
): Promise<Deps> {
  const clock = options.clock ?? (() => new Date());
  const { key: masterKey, created: masterKeyCreated } = loadOrCreateMasterKey(
    config.masterKey,
    config.keysDir,
  );
  const { tokenHash, generatedToken, keep } = loadOrCreateAdminToken(config.adminToken, config.dataDir);
  const schemas = loadSchemas(options.schemasDir ?? join(ROOT, 'schemas'));
  const validator = createValidator(schemas);
  const { store, embeddedStore } = await openStore(config, logger);
  let stopWorkers = async () => {};
  let stopReclaimer = () => {};
  let reclaimSoon = () => {};
  let stopJobs = async () => {};
  const close = async () => {
    stopReclaimer();
    await stopJobs();
    await stopWorkers();
    await store.close();
    await embeddedStore?.stop();
  };
  try {
    const conn = store.connection;
    const box = createSecretBox(masterKey);
    await checkMasterKey(conn, box);
    const audit = createAuditLog(conn, clock);
    const issuersRepo = cacheIssuerRecords(createIssuersRepository(conn), { clock });
    const apiKeys = createApiKeys(
      conn,
      tokenHash,
      clock,
      async (id) => (await issuersRepo.get(id))?.status === 'active',
    );
    const keys = cacheSigningKeys(
      createIssuerKeys(conn, box, { ed25519: generateEd25519Key, p256: generateP256Key }, clock),
      { clock },
    );
    const issuers = createIssuersService({
      repo: issuersRepo,
      keys,
      apiKeys,
      audit,
      publicUrl: config.publicUrl,
    });
    const achievementEditions = createEditionsRepository(conn);
    const achievements = createAchievementsService({
      repo: createScopedRepository(achievementModel(conn)),
      editions: achievementEditions,
      audit,
      isIscedField: isIscedFCode,
      withLease: createLeases(conn, { clock }),
      issuerById: (id) => issuersRepo.get(id),
      publicUrl: config.publicUrl,
      clock,
    });
    const learners = createLearnersService({
      repo: createLearnersRepository(conn),
      emails: createLearnerEmails(conn, clock),
      audit,
      clock,
    });
    const contextLoader = createDocumentLoader({ contexts: allContexts(config) });
    // the expansion safe-mode validation makes is the one signing canonicalizes (same JSON, same loader)
    const expansions = createExpansionMemo();
    const ob3Schema = loadReference(config, OB3_SCHEMA_FILE) as object;
    const jsonLdPool =
      config.jsonldWorkers > 0
        ? createJsonLdPool({
            size: config.jsonldWorkers,
            schema: ob3Schema,
            contexts: [...allContexts(config)],
            expansions,
          })
        : undefined;
    if (jsonLdPool) stopWorkers = () => jsonLdPool.close();
    const validateOb3 =
      jsonLdPool?.validate ??
      createOpenBadgeValidator({
        schema: ob3Schema,
        documentLoader: contextLoader,
        expansions,
        shapes: createShapeCache(),
      });
    const signer = createCredentialSigner(keys, contextLoader, config.publicUrl, clock, {
      cryptosuite: createEddsaRdfc2022Cryptosuite({ expansions }),
      onProof: options.onDataIntegrityProof,
    });
    const issuerById = (id: string) => issuersRepo.get(id);
    const credentialsRepo = createCredentialsRepository(conn, clock);
    const status = createStatusService({
      repo: createStatusRepository(conn, { clock }),
      issuerById,
      sign: signer.dataIntegrity,
      publicUrl: config.publicUrl,
      clock,
    });
    const edc = createEdcService({
      repo: createEdcRepository(conn, box, clock),
      records: edcRecords({
        issuer: issuerById,
        achievement: (issuerId, id, version) => achievements.atVersion(issuerId, id, version),
        learner: (issuerId, id) => learners.get(issuerId, id),
        credential: (id) => credentialsRepo.get(id),
      }),
      // shapes parsed once here, at start
      validate: createShaclValidator(
        {
          turtle: EDC_SHAPE_FILES.map((f) => loadReferenceText(config, f)),
          context: loadReference(config, EDC_CONTEXT_FILE),
        },
        contextLoader,
      ),
      audit,
      publicUrl: config.publicUrl,
      clock,
    });
    const credentials = createCredentialsService({
      edc,
      repo: credentialsRepo,
      achievements,
      // an issuance registers a learner given inline; a replay finds the one its dead attempt registered
      learners: { find: learners.find, findByEmail: learners.findByEmail, create: learners.register },
      issuerById,
      status,
      signer,
      audit,
      reclaimSoon: () => reclaimSoon(),
      publicUrl: config.publicUrl,
      clock,
      validate: async (credential) =>
        (await validateOb3(credential)).map(({ pointer, detail }) => ({ pointer, detail })),
    });
    const jobsRepo = createIssuanceJobsRepository(conn, clock);
    const jobsWorker = createIssuanceWorker({
      repo: jobsRepo,
      issue: (actor, input) => credentials.issue(actor, input),
      clock,
      logger: logger.child({ component: 'issuance-jobs' }),
      options: options.issuanceJobs?.worker,
    });
    const jobLimits = { ...JOB_LIMITS, ...options.issuanceJobs?.limits };
    const issuanceJobs = createIssuanceJobsService({
      repo: jobsRepo,
      check: (schemaId, value) => validator.check(schemaId, value),
      achievement: (issuerId, id) => achievements.find(issuerId, id),
      audit,
      publicUrl: config.publicUrl,
      clock,
      wake: jobsWorker.wake,
      limits: jobLimits,
    });
    await Promise.all(Object.values(conn.models).map((m) => m.init()));
    await migrateAchievements(conn, achievementEditions, { logger, clock });
    await migrateLearnerEmails(conn, { logger, clock });
    // a store written before credential lists existed: its credentials are listed once, in the background
    void (await credentialsRepo.backfillLists())?.().then(
      (count) => logger.info('listed the credentials stored before lists existed', { count }),
      (error: Error) =>
        logger.warn('listing stored credentials failed; retried at the next start', { error: error.name }),
    );
    // list pages written before pages had versions get one, so that readers can keep them
    void credentialsRepo.versionListPages().then(
      (pages) => pages && logger.info('versioned the credential list pages', { pages }),
      (error: Error) =>
        logger.warn('versioning list pages failed; retried at the next start', { error: error.name }),
    );
    ({ stop: stopReclaimer, soon: reclaimSoon } = createReclaimer({
      status,
      repo: credentialsRepo,
      withLease: createLeases(conn, { clock }),
      clock,
      logger: logger.child({ component: 'reclaimer' }),
    }).start());

    const own = ownRecords({ issuers, status, credentials, issuerById, publicUrl: config.publicUrl });
    const verify = createVerifyService({
      documentLoader: contextLoader,
      own,
      edc: (input) => edc.verify(input),
      schemas: [OB3_SCHEMA_FILE, OB3_ENDORSEMENT_SCHEMA_FILE, OB3_PROFILE_SCHEMA_FILE].map((f) =>
        loadReference(config, f),
      ),
      clock,
      remote: config.remoteFetch
        ? {
            fetch: options.remoteFetch ?? pinnedFetch,
            lookup: options.dnsLookup ?? dnsLookup,
            allowPrivateNetworks: config.remoteFetchAllowPrivate,
          }
        : undefined,
    });

    const catalogues = loadCatalogues();
    const fonts = loadFonts();
    // compiled in the background: the first badge PNG waits for it, the start does not
    initBadgeRasterizer().catch((error: unknown) =>
      logger.error('badge rasterizer unavailable', { error: String(error) }),
    );
    const renderings = createRenderingsService({
      credentials,
      fonts,
      badges: createBadgeImages(fonts),
      catalogues,
      publicUrl: config.publicUrl,
      clock,
    });
    // "could not check" is a 503, never a verdict: every verify endpoint gets the guarded service
    const checked = own.guard(verify);
    const verifyFile = createVerifyFileService({ verify: checked, credentials, publicUrl: config.publicUrl });
    // one limiter: every public verify endpoint draws on the same per-address allowance
    const verifyLimit = rateLimit(config.verifyRateLimit);

    const routes: RouteSpec[] = [];
    const assets = pageAssets();
    const shells = createPageShells({ catalogues, assets });
    const pages = {
      service: createPagesService({
        verifyCredential: (input) => checked.verifyCredential(input),
        getCredential: (id) => credentials.getPublic(id),
        publicUrl: config.publicUrl,
      }),
      shells,
      assets,
      limit: verifyLimit,
      publicUrl: config.publicUrl,
      bodyLimitBytes: config.bodyLimitBytes,
      verifyFile: (file: UploadedFile) => verifyFile.verifyFile(file),
    };
    const profileHtml = {
      shells,
      achievementsOf: async (issuerId: string) =>
        (await achievements.list(issuerId, { page: 1, pageSize: 100 }, 'active')).items,
    };

    let openapi: Record<string, unknown> | undefined;
    routes.push(
      ...issuerRoutes(
        sealOnCreate(issuers, edc.sealKey, (error) =>
          logger.warn('EDC seal certificate not made at issuer creation (made on first use)', {
            error: error instanceof Error ? error.name : 'unknown',
          }),
        ),
        validator,
        config.publicUrl,
        profileHtml,
      ),
      ...apiKeyRoutes(issuers, validator),
      ...achievementRoutes(achievements, validator),
      ...learnerRoutes(learners, validator),
      ...publicAchievementRoutes(achievements, config.publicUrl),
      ...credentialRoutes(credentials, validator),
      ...credentialStatusRoutes(credentials, validator),
      ...issuanceJobRoutes(issuanceJobs, validator, jobLimits),
      ...renderingRoutes(renderings),
      ...publicCredentialRoutes(credentials, credentialHtml(pages)),
      ...edcRoutes(edc, validator),
      ...statusRoutes(status),
      ...verifyRoutes(checked, validator, verifyLimit),
      ...verifyFileRoutes(verifyFile, verifyLimit),
      ...vcApiRoutes(
        createVcApiService({
          credentials,
          didKey: async (issuerId) =>
            issuerDidOf((await keys.signing(issuerId)).ed25519) as `did:key:${string}`,
          documentLoader: contextLoader,
          clock,
        }),
        validator,
      ),
      ...auditRoutes(audit),
      ...opsRoutes({
        ready: () => store.ping(),
        shells,
        openapi: () =>
          (openapi ??= buildOpenApi(routes, schemas, {
            version: packageVersion(),
            publicUrl: config.publicUrl,
          })),
      }),
      ...pagesRoutes(pages),
    );
    jobsWorker.start();
    stopJobs = () => jobsWorker.stop();
    return {
      config,
      logger,
      store,
      embeddedStore,
      routes,
      validator,
      shells,
      authenticate: (token) => apiKeys.authenticate(token),
      generatedAdminToken: generatedToken && keep ? { token: generatedToken, keep } : undefined,
      masterKeyCreated,
      stopJobs: () => stopJobs(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
