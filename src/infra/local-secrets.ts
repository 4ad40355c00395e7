import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMasterKey } from '../config.js';

function writeSecretFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}

/** MASTER_KEY, or keys/master.key (created on first start, mode 0600). */
export function loadOrCreateMasterKey(
  configured: Buffer | undefined,
  keysDir: string,
): { key: Buffer; created: boolean } {
  if (configured) return { key: configured, created: false };
  const path = join(keysDir, 'master.key');
  if (existsSync(path)) return { key: parseMasterKey(readFileSync(path, 'utf8'), path), created: false };
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeSecretFile(path, `${key.toString('base64url')}\n`);
  return { key, created: true };
}

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface AdminToken {
  tokenHash: string;
  /** set when this start generated the token: it must be shown, then kept with {@link AdminToken.keep} */
  generatedToken?: string;
  /** writes the generated token's hash (data/admin-token.sha256, 0600); call only once it was shown */
  keep?: () => void;
}

/**
 * ADMIN_TOKEN, or a token generated on first start. Only its SHA-256 is kept, and only once the token
 * has been shown: a first start that fails before that (missing reference data, a busy port) leaves
 * nothing behind, and the next start generates and shows a new token. Delete the file for a new one.
 */
export function loadOrCreateAdminToken(configured: string | undefined, dataDir: string): AdminToken {
  if (configured) return { tokenHash: sha256Hex(configured) };
  const path = join(dataDir, 'admin-token.sha256');
  if (existsSync(path)) return { tokenHash: readFileSync(path, 'utf8').trim() };
  const token = `tilts_admin_${randomBytes(24).toString('base64url')}`;
  const keep = () => {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeSecretFile(path, `${sha256Hex(token)}\n`);
  };
  return { tokenHash: sha256Hex(token), generatedToken: token, keep };
}
