/**
 * The signing part of `npm run bench` (issue 11 item 3): raw `vc.issue()` and `vc.verifyCredential()`
 * of the very credential Tilts issues, beside Tilts' HTTP issue (ob3-di with 1 and 8 in flight,
 * ob3-jwt) and verify of its own credential, each with its ratio to the raw library. The raw rows
 * run in this process while the service is idle, one at a time (CPU-bound work gains nothing from
 * more in flight on one thread).
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { packagedContexts } from '../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../src/core/jsonld/document-loader.js';
import { row, timed, type Timed } from './bench-lib.js';

type Doc = Record<string, unknown>;

export interface SigningBenchContext {
  call: (path: string, body: unknown, token?: string) => Promise<Doc>;
  key: string;
  achievementId: string;
  learnerId: string;
  /** requests per row */
  n: number;
}

const rate = ({ ms, wall }: Timed<unknown>) => (ms.length / wall) * 1000;
const cpuPer = ({ ms, cpu }: Timed<unknown>) => (cpu ? cpu.node / ms.length : NaN);

/** A key of the credential's issuer id, and a loader that serves its controller document. */
async function rawKey(controller: string) {
  const pair = await Ed25519Multikey.generate({ controller });
  pair.id = `${controller}#${pair.publicKeyMultibase}`;
  const method = { id: pair.id, type: 'Multikey', controller, publicKeyMultibase: pair.publicKeyMultibase };
  const documentLoader = createDocumentLoader({
    contexts: packagedContexts(),
    resolvers: [
      async (url) => {
        if (url === controller)
          return {
            '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
            id: controller,
            verificationMethod: [method],
            assertionMethod: [method.id],
          };
        return url === method.id
          ? { '@context': 'https://w3id.org/security/multikey/v1', ...method }
          : undefined;
      },
    ],
  });
  return { pair, documentLoader };
}

/**
 * Once more when a keep-alive socket the server closed meanwhile was reused (ECONNRESET: the request
 * never arrived); the raw rows leave the client idle longer than the server keeps sockets.
 */
const retryingReset =
  (call: SigningBenchContext['call']): SigningBenchContext['call'] =>
  (...args) =>
    call(...args).catch((error: Error & { cause?: { code?: string } }) => {
      if (error.cause?.code !== 'ECONNRESET') throw error;
      return call(...args);
    });

export async function signingBench(ctx: SigningBenchContext): Promise<void> {
  const { key, achievementId, learnerId, n } = ctx;
  const call = retryingReset(ctx.call);
  const issueBody = (format: string) => ({ achievementId, learnerId, language: 'lv', format });
  const sample = (await call('/api/v1/credentials', issueBody('ob3-di'), key)).credential as Doc;
  const { proof: _proof, ...unsigned } = sample;
  const { pair, documentLoader } = await rawKey(String((sample.issuer as Doc).id));
  const rawIssue = () =>
    vc.issue({
      credential: structuredClone(unsigned),
      suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }),
      documentLoader,
    });
  const rawSigned = await rawIssue();
  const rawVerify = async () => {
    const result = await vc.verifyCredential({
      credential: rawSigned,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      // the raw row reads no status list; Tilts' verify does
      checkStatus: async () => ({ verified: true }),
    });
    if (!result.verified) throw new Error(`raw verify failed: ${String(result.error)}`);
  };
  for (let i = 0; i < 5; i++) await rawVerify();

  console.log('\nSigning (issue 11 item 3): the same credential, raw library vs Tilts over HTTP');
  const rawIssued = await timed(n, 1, rawIssue);
  row('raw vc.issue() eddsa-rdfc-2022', rawIssued);
  const rawVerified = await timed(n, 1, rawVerify);
  row('raw vc.verifyCredential()', rawVerified);
  /** by rate, and by CPU time per request (steadier on a shared machine: the service runs in this process) */
  const ratio = (t: Timed<unknown>, raw: Timed<unknown>, what: string, target: string) =>
    `${target} raw ${what}; measured ${(rate(t) / rate(raw)).toFixed(2)}× by rate, ${(cpuPer(raw) / cpuPer(t)).toFixed(2)}× by CPU/req`;
  const vsIssue = (t: Timed<unknown>, target: string) => ratio(t, rawIssued, 'vc.issue()', target);

  const di1 = await timed(n, 1, () => call('/api/v1/credentials', issueBody('ob3-di'), key));
  row('HTTP issue ob3-di, 1 in flight', di1, vsIssue(di1, '(none)'));
  const di8 = await timed(n, 8, () => call('/api/v1/credentials', issueBody('ob3-di'), key));
  row('HTTP issue ob3-di, 8 in flight', di8, vsIssue(di8, '≥ 1.0×'));
  const jwt = await timed(n, 8, () => call('/api/v1/credentials', issueBody('ob3-jwt'), key));
  row('HTTP issue ob3-jwt, 8 in flight', jwt, vsIssue(jwt, '(none)'));
  const verified = await timed(n, 8, async (i) => {
    const report = await call('/credentials/verify', { verifiableCredential: di8.results[i]!.credential });
    if (report.verified !== true) throw new Error(`verify: ${JSON.stringify(report.checks)}`);
  });
  row(
    'HTTP verify own ob3-di, 8 in flight',
    verified,
    ratio(verified, rawVerified, 'vc.verifyCredential()', '≥ 1.0×'),
  );
  console.log(`RSS after the signing rows: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}
