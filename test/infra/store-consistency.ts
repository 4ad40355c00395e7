import assert from 'node:assert/strict';
import type mongoose from 'mongoose';

interface Ref {
  listId: string;
  index: number;
}

interface StoredCredential {
  _id: string;
  issuerId?: string;
  status: string;
  statusRefs?: Ref[];
}

export interface StoreState {
  /** stored credentials (void marks left out) */
  credentials: StoredCredential[];
  /** ids the reclaimer voided: issuances that died before storing their credential */
  voided: string[];
  entries: Array<{ _id: string; listId: string; index: number; credentialId?: string }>;
  pending: Array<{ _id: string; credentialId: string }>;
}

export async function readStoreState(db: mongoose.mongo.Db): Promise<StoreState> {
  const all = await db.collection<StoredCredential>('credentials').find().toArray();
  return {
    credentials: all.filter((c) => c.status !== 'void'),
    voided: all.filter((c) => c.status === 'void').map((c) => c._id),
    entries: await db
      .collection<{ _id: string; listId: string; index: number; credentialId?: string }>('status_entries')
      .find()
      .toArray(),
    pending: await db.collection<{ _id: string; credentialId: string }>('status_pending').find().toArray(),
  };
}

/**
 * Nothing lost, nothing half-stored: every status entry belongs to a stored credential that holds it,
 * every stored credential's indexes are claimed for it, and no two credentials share an index.
 */
export function assertConsistent(state: StoreState): void {
  const byId = new Map(state.credentials.map((c) => [c._id, c]));
  const refOwners = new Map<string, string>();
  for (const c of state.credentials)
    for (const r of c.statusRefs ?? []) {
      const key = `${r.listId}:${r.index}`;
      assert.equal(refOwners.get(key), undefined, `index ${key} is held by two credentials`);
      refOwners.set(key, c._id);
    }
  for (const e of state.entries) {
    const owner = e.credentialId ? byId.get(e.credentialId) : undefined;
    assert.ok(owner, `status index ${e._id} has no stored credential (${e.credentialId})`);
    assert.equal(
      refOwners.get(e._id),
      owner._id,
      `status index ${e._id} is not the one its credential holds`,
    );
  }
  const claimed = new Set(state.entries.map((e) => e._id));
  for (const [key, owner] of refOwners)
    assert.ok(claimed.has(key), `credential ${owner}: index ${key} unclaimed`);
}

/** Polls until the reclaimer has settled every pending allocation (dead issuances included). */
export async function untilSettled(db: mongoose.mongo.Db, timeoutMs = 60000): Promise<StoreState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await readStoreState(db);
    if (state.pending.length === 0) return state;
    if (Date.now() > deadline)
      assert.fail(`still pending after ${timeoutMs} ms: ${state.pending.map((p) => p._id).join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
