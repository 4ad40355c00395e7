import { createShaclValidator } from '../core/edc/shacl.js';
import { createCredentialsRepository } from '../features/credentials/credentials.repository.js';
import { createCredentialsService } from '../features/credentials/credentials.service.js';
import { createEdcRepository } from '../features/edc/edc.repository.js';
import { createEdcService } from '../features/edc/edc.service.js';
import { createStatusRepository } from '../features/status/status.repository.js';
import { createStatusService } from '../features/status/status.service.js';
import type { Base, Running } from './context.js';
import type { JsonLd } from './jsonld.js';
import type { Records } from './records.js';
import { EDC_CONTEXT_FILE, EDC_SHAPE_FILES, loadReference, loadReferenceText } from './reference.js';

type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;

/** European Digital Credentials: sealed copies of our credentials, checked against the EDC shapes. */
function buildEdc(base: Base, records: Records, jsonLd: JsonLd, credentialsRepo: CredentialsRepository) {
  const { conn, box, clock, config } = base;
  const { issuerById, achievements, learners, audit } = records;
  return createEdcService({
    repo: createEdcRepository(conn, box, clock),
    // each by id, undefined when absent: other features are reached only through these functions
    records: {
      issuer: issuerById,
      achievement: (issuerId, id, version) => achievements.findAtVersion(issuerId, id, version),
      learner: (issuerId, id) => learners.find(issuerId, id),
      credential: (id) => credentialsRepo.get(id),
    },
    // shapes parsed once here, at start
    validate: createShaclValidator(
      {
        turtle: EDC_SHAPE_FILES.map((f) => loadReferenceText(config, f)),
        context: loadReference(config, EDC_CONTEXT_FILE),
      },
      jsonLd.contextLoader,
    ),
    audit,
    publicUrl: config.publicUrl,
    clock,
  });
}

/** Status lists, EDC and the credentials themselves (issue, revoke, read). */
export function buildCredentials(base: Base, running: Running, records: Records, jsonLd: JsonLd) {
  const { conn, clock, config } = base;
  const { issuerById, achievements, learners, audit } = records;
  const credentialsRepo = createCredentialsRepository(conn, clock);
  const status = createStatusService({
    repo: createStatusRepository(conn, { clock }),
    issuerById,
    sign: jsonLd.signer.dataIntegrity,
    publicUrl: config.publicUrl,
    clock,
  });
  const edc = buildEdc(base, records, jsonLd, credentialsRepo);
  const credentials = createCredentialsService({
    edc,
    repo: credentialsRepo,
    achievements,
    // an issuance registers a learner given inline; a replay finds the one its dead attempt registered
    learners: { find: learners.find, findByEmail: learners.findByEmail, create: learners.register },
    issuerById,
    status,
    signer: jsonLd.signer,
    audit,
    reclaimSoon: () => running.reclaimSoon(),
    publicUrl: config.publicUrl,
    clock,
    validate: async (credential) =>
      (await jsonLd.validateOb3(credential)).map(({ pointer, detail }) => ({ pointer, detail })),
  });
  return { credentialsRepo, status, edc, credentials };
}

export type Credentials = ReturnType<typeof buildCredentials>;
