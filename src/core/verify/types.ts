import type { ShapeCache } from '../jsonld/shapes.js';
import type { Cryptosuite, ExpansionMemo } from '../jsonld/reused-expansion.js';
import type { DocumentLoader } from 'jsonld';
import type { CheckStatus } from '../status/check-status.js';
import type { EuElement } from './checks/eu-elements.js';
import type { AchievementFacts } from './facts.js';
import type { JsonSchemaSet } from './schema-set.js';

/** Names of the checks, in the order a credential report lists them. */
export type CheckId =
  | 'parse'
  | 'context'
  | 'type'
  | 'json-ld'
  | 'related-resources'
  | 'schema'
  | 'subject'
  | 'issuer'
  | 'proof'
  | 'validity'
  | 'status'
  | 'endorsements'
  | 'eu-elements'
  | 'credentials';

/** Stable, kebab-case reasons a check fails. Clients may switch on them. */
export type CheckCode =
  | 'malformed-json'
  | 'malformed-jwt'
  | 'not-an-object'
  | 'context-missing'
  | 'context-base-not-first'
  | 'context-ob-missing'
  | 'type-invalid'
  | 'jsonld-context-unknown'
  | 'jsonld-undefined-term'
  | 'jsonld-invalid'
  | 'related-resource-invalid'
  | 'related-resource-digest-mismatch'
  | 'schema-invalid'
  | 'subject-missing'
  | 'subject-unidentified'
  | 'issuer-missing'
  | 'issuer-invalid'
  | 'issuer-key-unresolvable'
  | 'proof-missing'
  | 'proof-unsupported'
  | 'proof-malformed'
  | 'proof-purpose-mismatch'
  | 'proof-unverifiable'
  | 'proof-expired'
  | 'signature-invalid'
  | 'key-not-authorized'
  | 'key-revoked'
  | 'controller-mismatch'
  | 'previous-proof-missing'
  | 'challenge-mismatch'
  | 'domain-mismatch'
  | 'jwt-alg-refused'
  | 'jwt-claims-mismatch'
  | 'date-invalid'
  | 'not-yet-valid'
  | 'expired'
  | 'revoked'
  | 'suspended'
  | 'status-unavailable'
  | 'too-many-status-entries'
  | 'remote-fetch-budget-exhausted'
  | 'credential-invalid'
  | 'eu-elements-missing';

/** One line of the verification log (DCC verifier-core style). */
export interface Check {
  id: CheckId;
  valid: boolean;
  /** a warning-level check informs; its outcome never changes `verified` */
  severity?: 'warning';
  code?: CheckCode;
  detail: string;
}

/** How the credential was secured: OB 3.0 or other VC, embedded Data Integrity proof or VC-JWT. */
export type CredentialFormat = 'ob3-di' | 'ob3-jwt' | 'vc-di' | 'vc-jwt' | 'vc';

export type CredentialStatusSummary = 'active' | 'revoked' | 'suspended' | 'unknown';

/** What a person reads at a glance: who issued what to whom, for how long, and whether it still stands. */
export interface VerificationSummary {
  issuerId?: string;
  issuerName?: string;
  learnerName?: string;
  achievementName?: string;
  validFrom?: string;
  validUntil?: string;
  status?: CredentialStatusSummary;
  format: CredentialFormat;
  /** what the credential says was certified (OB 3.0 credentials), and the EU elements it lacks */
  achievement?: AchievementFacts & { missingEuElements: EuElement[] };
}

export interface VerificationReport {
  verified: boolean;
  checks: Check[];
  warnings: string[];
  summary: VerificationSummary;
  /** the credential that was checked (for a VC-JWT: the decoded credential) */
  credential?: Record<string, unknown>;
}

export interface PresentationReport {
  verified: boolean;
  checks: Check[];
  warnings: string[];
  /** the presentation's own checks (everything but `credentials`) */
  presentationResult: { verified: boolean; checks: Check[] };
  credentialResults: VerificationReport[];
  presentation?: Record<string, unknown>;
}

/**
 * Resolves a controller document (an OB Profile, a DID document) by its id. Answers undefined when
 * nothing is known; may throw (e.g. {@link RemoteFetchError}) when a fetch is refused or fails.
 */
export type ControllerResolver = (id: string) => Promise<Record<string, unknown> | undefined>;

/** Everything the verifier needs from the outside world; nothing else is reached. */
export interface VerifyDeps {
  /** Closed JSON-LD loader (contexts only): safe-mode expansion and proof canonicalization. */
  documentLoader: DocumentLoader;
  /**
   * Controller documents of issuers and holders. Ed25519 did:key ids are resolved locally and never
   * reach it; it is called only when a proof or JWT needs the issuer's keys.
   */
  resolveController: ControllerResolver;
  /** Status of `credentialStatus` entries; without it such credentials fail with `status-unavailable`. */
  checkStatus?: CheckStatus;
  /** JSON Schemas by `$id` (the OB 3.0 purl schemas and any others we hold). */
  schemas?: JsonSchemaSet;
  /** The clock. */
  now: () => Date;
  /** Tolerated clock skew for validFrom / validUntil, in seconds (default 0). */
  maxClockSkewSeconds?: number;
  /**
   * eddsa-rdfc-2022 canonicalizing from expansions already made (core/jsonld/reused-expansion.ts),
   * fed by the `json-ld` check through `expansions`; default: the cryptosuite package as it is.
   */
  cryptosuite?: Cryptosuite;
  expansions?: ExpansionMemo;
  /** expansion templates by skeleton, for `documentLoader` (core/jsonld/shapes.ts) */
  shapes?: ShapeCache;
}

/** Challenge and domain the verifier expects in a presentation's authentication proof (VC-API). */
export interface PresentationOptions {
  challenge?: string;
  domain?: string;
}
