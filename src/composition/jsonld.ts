import { createDocumentLoader } from '../core/jsonld/document-loader.js';
import { createEddsaRdfc2022Cryptosuite, createExpansionMemo } from '../core/jsonld/reused-expansion.js';
import { createShapeCache } from '../core/jsonld/shapes.js';
import { createOpenBadgeValidator } from '../core/ob3/validate.js';
import { createCredentialSigner } from '../features/credentials/signer.js';
import { createJsonLdPool } from '../infra/jsonld-pool.js';
import type { Base, Running } from './context.js';
import type { Records } from './records.js';
import { allContexts, loadReference, OB3_SCHEMA_FILE } from './reference.js';

/** OB 3.0 validation, in JSONLD_WORKERS worker threads when there are any (close() stops them). */
function buildOb3Validator(
  { config }: Base,
  running: Running,
  contextLoader: ReturnType<typeof createDocumentLoader>,
  expansions: ReturnType<typeof createExpansionMemo>,
) {
  const schema = loadReference(config, OB3_SCHEMA_FILE) as object;
  const pool =
    config.jsonldWorkers > 0
      ? createJsonLdPool({
          size: config.jsonldWorkers,
          schema,
          contexts: [...allContexts(config)],
          expansions,
        })
      : undefined;
  if (pool) running.stopWorkers = () => pool.close();
  return (
    pool?.validate ??
    createOpenBadgeValidator({
      schema,
      documentLoader: contextLoader,
      expansions,
      shapes: createShapeCache(),
    })
  );
}

/** The local JSON-LD document loader, OB 3.0 validation and the credential signer. */
export function buildJsonLd(base: Base, running: Running, keys: Records['keys']) {
  const { config, clock, options } = base;
  const contextLoader = createDocumentLoader({ contexts: allContexts(config) });
  // the expansion safe-mode validation makes is the one signing canonicalizes (same JSON, same loader)
  const expansions = createExpansionMemo();
  const validateOb3 = buildOb3Validator(base, running, contextLoader, expansions);
  const signer = createCredentialSigner(keys, contextLoader, config.publicUrl, clock, {
    cryptosuite: createEddsaRdfc2022Cryptosuite({ expansions }),
    onProof: options.onDataIntegrityProof,
  });
  return { contextLoader, validateOb3, signer };
}

export type JsonLd = ReturnType<typeof buildJsonLd>;
