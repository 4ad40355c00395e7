import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExpansionMemo } from '../core/jsonld/reused-expansion.js';
import type { ValidationIssue } from '../core/ob3/validate.js';
import type { JsonLdResponse, JsonLdWorkerData } from './jsonld-worker.js';

export interface JsonLdPoolOptions extends JsonLdWorkerData {
  /** worker threads (JSONLD_WORKERS) */
  size: number;
  /** where the expansion of a valid credential is left for signing it */
  expansions: ExpansionMemo;
  /** requests waiting or running at most; past it a request is refused (503 by the caller's mapping) */
  maxPending?: number;
}

interface Pending {
  resolve: (issues: ValidationIssue[]) => void;
  reject: (error: Error) => void;
  credential: unknown;
}

/**
 * A worker thread running a TypeScript module, as the service runs (tsx): a worker thread does not
 * inherit the main thread's loader hooks, so it registers tsx's first.
 */
export function typeScriptWorker(script: URL, workerData: unknown): Worker {
  const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
  const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

const startWorker = (data: JsonLdWorkerData): Worker =>
  typeScriptWorker(new URL('./jsonld-worker.ts', import.meta.url), data);

/**
 * Settles each request by the worker's reply to it. A reply for a request no longer waiting (already
 * failed) is dropped. A valid credential's expansion is left in `expansions`, so signing it does not
 * expand it a second time.
 */
function settleReplies(worker: Worker, pending: Map<number, Pending>, expansions: ExpansionMemo): void {
  worker.on('message', (message: JsonLdResponse) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if ('error' in message) return waiting.reject(new Error(message.error));
    if (message.issues.length === 0 && message.expanded !== undefined)
      expansions.remember(waiting.credential, message.expanded);
    waiting.resolve(message.issues as ValidationIssue[]);
  });
}

/** Fails every request a lost worker held: no reply will come for them. */
function failAll(pending: Map<number, Pending>, error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

/**
 * OB 3.0 validation (the JSON-LD expansion is most of an issuance's CPU time) in worker threads, so a
 * second core works on it while the main thread serves HTTP and the store. A worker that dies fails
 * the requests it held and is replaced. `validate` answers what validateOpenBadgeCredential answers.
 */
export function createJsonLdPool(options: JsonLdPoolOptions) {
  const { schema, contexts, expansions } = options;
  const size = Math.max(1, Math.min(options.size, availableParallelism()));
  const maxPending = options.maxPending ?? 1_000;
  const workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  let nextId = 0;
  let closing = false;

  const spawn = (slot: number) => {
    const worker = startWorker({ schema, contexts });
    const pending = new Map<number, Pending>();
    settleReplies(worker, pending, expansions);
    const fail = (error: Error) => {
      failAll(pending, error);
      if (!closing) spawn(slot);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (workers[slot]?.worker === worker) fail(new Error(`JSON-LD worker exited (${code})`));
    });
    workers[slot] = { worker, pending };
  };
  for (let slot = 0; slot < size; slot++) spawn(slot);

  return {
    validate(credential: unknown): Promise<ValidationIssue[]> {
      const target = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const load = workers.reduce((n, w) => n + w.pending.size, 0);
      if (load >= maxPending) return Promise.reject(new Error('the JSON-LD workers are saturated'));
      const id = (nextId += 1);
      return new Promise((resolve, reject) => {
        target.pending.set(id, { resolve, reject, credential });
        target.worker.postMessage({ id, credential });
      });
    },
    async close(): Promise<void> {
      closing = true;
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

export type JsonLdPool = ReturnType<typeof createJsonLdPool>;
