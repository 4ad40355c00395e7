import assert from 'node:assert/strict';
import type { IssuerRecord } from '../../src/core/types.js';
import { cacheIssuerRecords } from '../../src/features/issuers/issuer-cache.js';
import type { IssuersRepository } from '../../src/features/issuers/issuers.repository.js';

/** An issuers repository in memory that counts its reads by id. */
function countingRepo() {
  const records = new Map<string, IssuerRecord>();
  const reads: string[] = [];
  const repo: IssuersRepository = {
    insert: async (record) => {
      const stored: IssuerRecord = {
        ...record,
        createdAt: '1970-01-01T00:00:00Z',
        updatedAt: '1970-01-01T00:00:00Z',
      };
      records.set(record.id, stored);
      return structuredClone(stored);
    },
    get: async (id) => {
      reads.push(id);
      const found = records.get(id);
      return found && structuredClone(found);
    },
    bySlug: async () => undefined,
    list: async ({ page, pageSize }) => ({ items: [], page, pageSize, total: 0 }),
    update: async (id, fields) => {
      const found = records.get(id);
      if (found) records.set(id, { ...found, ...fields } as IssuerRecord);
      return records.get(id);
    },
    remove: async (id) => void records.delete(id),
  };
  return { repo, reads };
}

const issuer = (id: string) =>
  ({ id, slug: id, email: `${id}@example.lv`, status: 'active' }) as unknown as IssuerRecord;

describe('features/issuers cacheIssuerRecords', () => {
  let now = 0;
  const clock = () => new Date(now);

  it('reads an issuer once within its lifetime and hands each caller its own copy', async () => {
    const { repo, reads } = countingRepo();
    const cached = cacheIssuerRecords(repo, { clock, ttlMs: 5000 });
    await cached.insert(issuer('a'));
    const first = (await cached.get('a')) as IssuerRecord;
    first.email = 'changed@example.lv';
    now += 4999;
    assert.equal((await cached.get('a'))?.email, 'a@example.lv');
    now += 1;
    await cached.get('a');
    assert.deepEqual(reads, ['a', 'a']);
  });

  it('an update or removal in this process is seen by the very next read', async () => {
    const { repo, reads } = countingRepo();
    const cached = cacheIssuerRecords(repo, { clock, ttlMs: 60_000 });
    await cached.insert(issuer('b'));
    await cached.get('b');
    await cached.update('b', { status: 'inactive' });
    assert.equal((await cached.get('b'))?.status, 'inactive');
    await cached.remove('b');
    assert.equal(await cached.get('b'), undefined);
    assert.deepEqual(reads, ['b', 'b', 'b']);
  });
});
