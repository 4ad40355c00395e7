import type { DocumentLoader, RemoteDocument } from 'jsonld';
import { AppError } from '../../errors.js';

/** Resolves a non-context document (a controller document, a verification method, a DID). */
export type DocumentResolver = (url: string) => Promise<unknown | undefined>;

export class DocumentNotFoundError extends AppError {
  constructor(readonly url: string) {
    super(
      'document-not-found',
      `document loader refused ${url}: not a known context and no resolver holds it`,
    );
  }
}

export interface DocumentLoaderOptions {
  /** context URL → context document (packaged and reference-data contexts) */
  contexts: ReadonlyMap<string, unknown>;
  /** resolvers tried in order for anything that is not a context; the first defined answer wins */
  resolvers?: DocumentResolver[];
}

/**
 * A closed, offline JSON-LD document loader: contexts from the given map, other documents from the
 * injected resolvers, and an error for everything else — never a fetch unless a resolver chooses to.
 */
export function createDocumentLoader({ contexts, resolvers = [] }: DocumentLoaderOptions): DocumentLoader {
  return async (url: string): Promise<RemoteDocument> => {
    const context = contexts.get(url);
    if (context !== undefined) return { contextUrl: null, documentUrl: url, document: context };
    for (const resolve of resolvers) {
      const document = await resolve(url);
      if (document !== undefined) return { contextUrl: null, documentUrl: url, document };
    }
    throw new DocumentNotFoundError(url);
  };
}
