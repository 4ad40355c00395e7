import type { PageReport } from './result.view.js';
import { credentialFromText } from '../../core/credential-text.js';
import { AppError } from '../../errors.js';
import type { CredentialDoc } from '../credentials/credential.model.js';

/** Why pasted text could not be checked at all (each has a message in the catalogues). */
export type InputProblem =
  'empty' | 'unknown-credential' | 'foreign-url' | 'malformed-json' | 'json-too-deep';

export type TextOutcome = { report: PageReport } | { problem: InputProblem };

export interface PagesServiceDeps {
  verifyCredential: (input: unknown) => Promise<PageReport>;
  /** the stored credential, or undefined when there is none */
  findCredential: (id: string) => Promise<CredentialDoc | undefined>;
  publicUrl: string;
}

/** The id of one of our credential URLs (`PUBLIC_URL/credentials/{id}`, any rendering suffix). */
function ownCredentialId(url: string, publicUrl: string): string | undefined {
  const prefix = `${publicUrl}/credentials/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  return /^([A-Za-z0-9-]{1,100})(?:\.[a-z]+|\/.*)?$/.exec(rest)?.[1];
}

/** What the pages do beyond rendering: verify what a person pasted, the same way the API does. */
export function createPagesService({ verifyCredential, findCredential, publicUrl }: PagesServiceDeps) {
  return {
    /** A stored credential, verified as POST /credentials/verify would verify it. */
    async verifyStored(doc: CredentialDoc): Promise<PageReport> {
      return verifyCredential(doc.jwt ?? doc.credential);
    },
    /**
     * Pasted JSON or a compact JWT is verified as it is; a link to one of our credentials is
     * verified from the store. Links elsewhere are not fetched from here.
     */
    async verifyText(text: string): Promise<TextOutcome> {
      const input = text.trim();
      if (input === '') return { problem: 'empty' };
      if (/^https?:\/\/\S+$/.test(input)) {
        const id = ownCredentialId(input, publicUrl);
        if (!id) return { problem: 'foreign-url' };
        const doc = await findCredential(id);
        if (!doc) return { problem: 'unknown-credential' };
        return { report: await verifyCredential(doc.jwt ?? doc.credential) };
      }
      try {
        return { report: await verifyCredential(credentialFromText(input, '/credential')) };
      } catch (error) {
        if (error instanceof AppError && (error.code === 'malformed-json' || error.code === 'json-too-deep'))
          return { problem: error.code };
        throw error;
      }
    },
  };
}

export type PagesService = ReturnType<typeof createPagesService>;
