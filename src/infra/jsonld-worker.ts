/**
 * A worker thread of the JSON-LD pool (jsonld-pool.ts): validates OB 3.0 credentials — the purl JSON
 * schema, safe-mode expansion, the EU rules — and answers the issues with the expansion, which the
 * main thread keeps for the canonicalization that signs the credential.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDocumentLoader } from '../core/jsonld/document-loader.js';
import { createExpansionMemo } from '../core/jsonld/reused-expansion.js';
import { createShapeCache } from '../core/jsonld/shapes.js';
import { createOpenBadgeValidator } from '../core/ob3/validate.js';

export interface JsonLdWorkerData {
  schema: object;
  contexts: Array<[string, unknown]>;
}

export interface JsonLdRequest {
  id: number;
  credential: unknown;
}

export type JsonLdResponse =
  | { id: number; issues: Array<{ pointer: string; code: string; detail: string }>; expanded?: unknown }
  | { id: number; error: string };

const { schema, contexts } = workerData as JsonLdWorkerData;
const expansions = createExpansionMemo(4);
const validate = createOpenBadgeValidator({
  schema,
  documentLoader: createDocumentLoader({ contexts: new Map(contexts) }),
  expansions,
  shapes: createShapeCache(),
});

parentPort?.on('message', ({ id, credential }: JsonLdRequest) => {
  validate(credential).then(
    (issues) => {
      const expanded = issues.length === 0 ? expansions.take(credential) : undefined;
      parentPort?.postMessage({ id, issues, expanded } satisfies JsonLdResponse);
    },
    (error: unknown) => parentPort?.postMessage({ id, error: String(error) } satisfies JsonLdResponse),
  );
});
