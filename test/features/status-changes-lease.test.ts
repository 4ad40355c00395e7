import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/actor.js';
import type { AuditLog } from '../../src/features/audit/audit.repository.js';
import type { CredentialDoc } from '../../src/features/credentials/credential.model.js';
import { createCredentialsRepository } from '../../src/features/credentials/credentials.repository.js';
import { createStatusChanges } from '../../src/features/credentials/status-changes.js';
import { LeaseLostError } from '../../src/infra/leases.js';
import { createLogger } from '../../src/infra/logger.js';
import { connectStore, type Store } from '../../src/infra/mongo.js';
import { testMongoUri } from '../helpers/store.js';

describe('credential status changes: a holder that lost its lease records nothing', function () {
  this.timeout(60000);
  let store: Store;
  before(async () => {
    store = await connectStore(await testMongoUri('status_changes_lease'), createLogger('silent'));
  });
  after(() => store.close());

  it('answers 503 and leaves the record as it was when the lease was lost before the record is written', async () => {
    const repo = createCredentialsRepository(store.connection, () => new Date());
    const issuerId = `issuer-${randomUUID()}`;
    const id = randomUUID();
    const doc: CredentialDoc = {
      _id: id,
      issuerId,
      format: 'ob3-di',
      credential: { id: `urn:uuid:${id}` },
      status: 'suspended',
      statusHistory: [],
      statusRefs: [],
      createdAt: new Date(),
    };
    assert.equal(await repo.insertOnce(doc), true);
    const audited: unknown[] = [];
    const audit = { append: async (e: unknown) => void audited.push(e) } as unknown as AuditLog;
    const bits: unknown[] = [];
    // the lease of the credential, as its holder finds it after a pause past its renewals
    const paused = {
      ...repo,
      exclusive: <T>(key: string, work: Parameters<typeof repo.exclusive<T>>[1]) =>
        repo.exclusive(key, () =>
          work({
            check: () => {
              throw new LeaseLostError(`credential:${key}`);
            },
          }),
        ),
    };
    const change = createStatusChanges(
      paused,
      async (...args) => void bits.push(args),
      audit,
      () => new Date(),
    );
    const actor: Actor = { principal: { kind: 'admin' } as Actor['principal'], issuerId };
    await assert.rejects(
      change(actor, id, 'reinstate'),
      (error: unknown) => error instanceof LeaseLostError && error.status === 503,
    );
    const stored = await repo.get(id, issuerId);
    assert.equal(stored?.status, 'suspended');
    assert.deepEqual(stored?.statusHistory, []);
    assert.deepEqual(bits, [], 'no bit cleared');
    assert.deepEqual(audited, [], 'nothing audited');
    // the same change under a lease that holds goes through
    const done = await createStatusChanges(
      repo,
      async () => undefined,
      audit,
      () => new Date(),
    )(actor, id, 'reinstate');
    assert.equal(done.status, 'active');
  });
});
