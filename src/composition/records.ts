import { generateEd25519Key, generateP256Key } from '../core/keys/index.js';
import { isIscedFCode } from '../core/vocab/index.js';
import { achievementModel } from '../features/achievements/achievement.model.js';
import { createAchievementsService } from '../features/achievements/achievements.service.js';
import { createEditionsRepository } from '../features/achievements/editions.repository.js';
import { createApiKeys } from '../features/api-keys/api-keys.repository.js';
import { createAuditLog, type AuditLog } from '../features/audit/audit.repository.js';
import { cacheIssuerRecords } from '../features/issuers/issuer-cache.js';
import { createIssuerKeys } from '../features/issuers/issuer-keys.repository.js';
import { createIssuersRepository } from '../features/issuers/issuers.repository.js';
import { createIssuersService } from '../features/issuers/issuers.service.js';
import { cacheSigningKeys } from '../features/issuers/signing-key-cache.js';
import { createLearnerEmails } from '../features/learners/learner-emails.js';
import { createLearnersRepository } from '../features/learners/learners.repository.js';
import { createLearnersService } from '../features/learners/learners.service.js';
import { createScopedRepository } from '../features/shared/scoped-repository.js';
import { createLeases } from '../infra/leases.js';
import type { Base } from './context.js';

/** Issuers, their signing keys and API keys (the admin token's hash authenticates the admin). */
export function buildIssuers({ conn, box, clock, config }: Base, audit: AuditLog, adminTokenHash: string) {
  const repo = cacheIssuerRecords(createIssuersRepository(conn), { clock });
  const issuerById = (id: string) => repo.get(id);
  const apiKeys = createApiKeys(
    conn,
    adminTokenHash,
    clock,
    async (id) => (await repo.get(id))?.status === 'active',
  );
  const keys = cacheSigningKeys(
    createIssuerKeys(conn, box, { ed25519: generateEd25519Key, p256: generateP256Key }, clock),
    { clock },
  );
  const issuers = createIssuersService({ repo, keys, apiKeys, audit, publicUrl: config.publicUrl });
  return { issuers, issuerById, apiKeys, keys };
}

/** What an issuer issues and to whom: achievements (with their editions) and learners. */
export function buildCatalog(
  { conn, clock, config }: Base,
  audit: AuditLog,
  issuerById: ReturnType<typeof buildIssuers>['issuerById'],
) {
  const achievementEditions = createEditionsRepository(conn);
  const achievements = createAchievementsService({
    repo: createScopedRepository(achievementModel(conn)),
    editions: achievementEditions,
    audit,
    isIscedField: isIscedFCode,
    withLease: createLeases(conn, { clock }),
    issuerById,
    publicUrl: config.publicUrl,
    clock,
  });
  const learners = createLearnersService({
    repo: createLearnersRepository(conn),
    emails: createLearnerEmails(conn, clock),
    audit,
    clock,
  });
  return { achievementEditions, achievements, learners };
}

/** The records every other part reads: the audit log, issuers and keys, achievements and learners. */
export function buildRecords(base: Base, adminTokenHash: string) {
  const audit = createAuditLog(base.conn, base.clock);
  const issuers = buildIssuers(base, audit, adminTokenHash);
  return { audit, ...issuers, ...buildCatalog(base, audit, issuers.issuerById) };
}

export type Records = ReturnType<typeof buildRecords>;
