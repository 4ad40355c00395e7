import { migrateAchievements } from '../features/achievements/achievements.migration.js';
import { createReclaimer } from '../features/credentials/reclaimer.js';
import { migrateLearnerEmails } from '../features/learners/learner-emails.js';
import { createLeases } from '../infra/leases.js';
import type { Base, Running } from './context.js';
import type { Credentials } from './credentials.js';
import type { Records } from './records.js';

/** Indexes, migrations, the background listing and page versioning of old credentials, and the reclaimer's start. */
export async function prepareStore(base: Base, running: Running, records: Records, credentials: Credentials) {
  const { conn, logger, clock } = base;
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  await migrateAchievements(conn, records.achievementEditions, { logger, clock });
  await migrateLearnerEmails(conn, { logger, clock });
  // a store written before credential lists existed: its credentials are listed once, in the background
  void (await credentials.credentialsRepo.backfillLists())?.().then(
    (count) => logger.info('listed the credentials stored before lists existed', { count }),
    (error: Error) =>
      logger.warn('listing stored credentials failed; retried at the next start', { error: error.name }),
  );
  // list pages written before pages had versions get one, so that readers can keep them
  void credentials.credentialsRepo.versionListPages().then(
    (pages) => pages && logger.info('versioned the credential list pages', { pages }),
    (error: Error) =>
      logger.warn('versioning list pages failed; retried at the next start', { error: error.name }),
  );
  ({ stop: running.stopReclaimer, soon: running.reclaimSoon } = createReclaimer({
    status: credentials.status,
    repo: credentials.credentialsRepo,
    withLease: createLeases(conn, { clock }),
    clock,
    logger: logger.child({ component: 'reclaimer' }),
  }).start());
}
