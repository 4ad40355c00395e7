import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

/** One verifier-core answer (VerificationResponse), without the echoed credential. */
export interface DccResult {
  errors?: Array<{ name?: string; message: string }>;
  log?: Array<{ id: string; valid?: boolean; error?: { name?: string; message: string } }>;
  additionalInformation?: Array<{
    id: string;
    results: Array<{ schema: string; result: { valid: boolean } }> | string;
  }>;
}

export interface DccRun {
  results: DccResult[];
  /** every URL verifier-core fetched */
  fetched: string[];
  /** every URL or connection the offline guard refused (none expected) */
  refused: string[];
}

/**
 * Verifies credentials with @digitalcredentials/verifier-core in a child process that trusts `caFile`
 * (NODE_EXTRA_CA_CERTS) and reaches only `origin` on the loopback (see dcc-verifier.child.ts).
 */
export function dccVerify(credentials: unknown[], origin: string, caFile: string): Promise<DccRun> {
  const child = spawn(
    process.execPath,
    ['--dns-result-order=ipv4first', '--import', 'tsx', join('test', 'helpers', 'dcc-verifier.child.ts')],
    {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_EXTRA_CA_CERTS: caFile },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120000,
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const schemaDir = join(PROJECT_ROOT, 'data', 'reference', 'openbadges', 'schema', 'purl');
  child.stdin.end(JSON.stringify({ origin, schemaDir, credentials }));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out) as DccRun);
      else reject(new Error(`verifier-core child exited with ${code}: ${err.slice(-2000)}`));
    });
  });
}
