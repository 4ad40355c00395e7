import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './mongo.js';
import type { SecretBox } from './secret-box.js';

const CHECK_ID = 'master-key-check';
const PLAINTEXT = 'tilts master key check v1';

export class MasterKeyMismatchError extends Error {
  readonly code = 'master-key-mismatch';
  constructor() {
    super(
      'MASTER_KEY does not match the key this store was created with: the issuer keys cannot be decrypted',
    );
  }
}

/**
 * Proves at start-up that the master key opens this store's secrets: the first start seals a known
 * value, every later start must open it. A wrong key stops the service before it serves anything.
 */
export async function checkMasterKey(conn: Connection, box: SecretBox): Promise<void> {
  const meta = conn.collection<{ _id: string; sealed: unknown }>('meta');
  const existing = await meta.findOne({ _id: CHECK_ID });
  if (!existing) {
    // instances starting together race to make it; a loser's upsert fails on the unique _id and it
    // then reads the winner's seal like any later start
    await meta
      .updateOne(
        { _id: CHECK_ID },
        { $setOnInsert: { sealed: box.seal(PLAINTEXT, CHECK_ID) } },
        { upsert: true },
      )
      .catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
    return checkMasterKey(conn, box);
  }
  try {
    if (box.open(existing.sealed as Parameters<SecretBox['open']>[0], CHECK_ID) === PLAINTEXT) return;
  } catch {
    // fall through
  }
  throw new MasterKeyMismatchError();
}
