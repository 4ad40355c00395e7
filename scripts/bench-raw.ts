/**
 * The raw library rows of `npm run bench`: `vc.issue()` (eddsa-rdfc-2022) and `vc.verifyCredential()`
 * of the very credential Tilts issued (its proof removed, re-signed by a key of the same issuer id),
 * one at a time in the bench process while the service is idle — CPU-bound work on one thread gains
 * nothing from more in flight. Every Tilts row's ratio is taken against these.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../src/config.js';
import { packagedContexts } from '../src/core/jsonld/contexts.js';
import { createDocumentLoader } from '../src/core/jsonld/document-loader.js';
import { typeScriptWorker } from '../src/infra/jsonld-pool.js';

type Doc = Record<string, unknown>;

/** Packaged contexts and the project's own (contexts/), as the service loads them. */
function contexts(): Map<string, unknown> {
  const map = packagedContexts();
  const dir = join(PROJECT_ROOT, 'contexts');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, string>;
  for (const [url, file] of Object.entries(index))
    map.set(url, JSON.parse(readFileSync(join(dir, file), 'utf8')));
  return map;
}

/** A key of the credential's issuer id, and a loader that serves its controller document. */
async function rawKey(controller: string) {
  const pair = await Ed25519Multikey.generate({ controller });
  pair.id = `${controller}#${pair.publicKeyMultibase}`;
  const method = { id: pair.id, type: 'Multikey', controller, publicKeyMultibase: pair.publicKeyMultibase };
  const documentLoader = createDocumentLoader({
    contexts: contexts(),
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

export interface RawLibrary {
  issue(): Promise<unknown>;
  verify(): Promise<void>;
}

/** Raw issue and verify of `signed` (a Tilts OB 3.0 credential with its Data Integrity proof). */
export async function rawLibrary(signed: Doc): Promise<RawLibrary> {
  const { proof: _proof, ...unsigned } = signed;
  const { pair, documentLoader } = await rawKey(String((unsigned.issuer as Doc).id));
  const issue = () =>
    vc.issue({
      credential: structuredClone(unsigned),
      suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }),
      documentLoader,
    }) as Promise<Doc>;
  const rawSigned = await issue();
  const verify = async () => {
    const result = await vc.verifyCredential({
      credential: rawSigned,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      // the raw row reads no status list; Tilts' verify does
      checkStatus: async () => ({ verified: true }),
    });
    if (!result.verified) throw new Error(`raw verify failed: ${String(result.error)}`);
  };
  for (let i = 0; i < 5; i++) await Promise.all([issue(), verify()]);
  return { issue, verify };
}

/**
 * Raw `vc.issue()` on `threads` worker threads, each with its own library as above: the most the
 * library itself gets out of this machine's cores with nothing else to do (no HTTP, no store). The
 * both-cores rows of the service are read against it. `issue` runs one signing on an idle thread.
 */
export async function rawThreads(signed: Doc, threads: number) {
  const url = new URL('./bench-raw-worker.ts', import.meta.url);
  const workers = await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = typeScriptWorker(url, signed);
      await new Promise<void>((ready, failed) => {
        worker.once('message', () => ready());
        worker.once('error', failed);
      });
      return worker;
    }),
  );
  const idle = [...workers];
  const waiting: Array<(w: Worker) => void> = [];
  const take = () =>
    new Promise<Worker>((got) => (idle.length ? got(idle.pop() as Worker) : waiting.push(got)));
  const give = (w: Worker) => (waiting.length ? waiting.shift()?.(w) : idle.push(w));
  return {
    async issue(): Promise<void> {
      const w = await take();
      try {
        const reply = await new Promise<{ ok: boolean; error?: string }>((done) => {
          w.once('message', done);
          w.postMessage('issue');
        });
        if (!reply.ok) throw new Error(`raw issue in a worker failed: ${reply.error}`);
      } finally {
        give(w);
      }
    },
    stop: () => Promise.all(workers.map((w) => w.terminate())),
  };
}
