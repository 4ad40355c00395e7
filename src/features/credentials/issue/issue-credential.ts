import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../actor.js';
import type { StatusPurpose } from '../../../core/status/index.js';
import type { IssuerRecord, JsonObject } from '../../../core/types.js';
import { AppError, notFound } from '../../../errors.js';
import type { AuditLog } from '../../audit/audit.repository.js';
import type { EdcService } from '../../edc/edc.service.js';
import type { LearnersService } from '../../learners/learners.service.js';
import type { CredentialDoc } from '../credential.model.js';
import type { CredentialsRepository } from '../credentials.repository.js';
import { auditIssued } from './audit.js';
import { buildCredential } from './build.js';
import { createClaimStep } from './claim.js';
import { createHoldings, type Holdings, type HoldingsDeps } from './holdings.js';
import { credentialRecord, persist, registerLearner, signedRecord, type Persisted } from './persist.js';
import { planIssue, type IssueInput, type IssuePlan, type PlanDeps } from './plan.js';
import { sealEdc, sign, validate, type CredentialSigner, type ValidateCredential } from './seal.js';

export interface IssueDeps extends HoldingsDeps, PlanDeps {
  repo: CredentialsRepository;
  learners: Pick<LearnersService, 'find' | 'findByEmail' | 'create'>;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  signer: CredentialSigner;
  validate: ValidateCredential;
  audit: Pick<AuditLog, 'append'>;
  /** European Digital Credentials (format `edc`): sealed at issuance from the same records */
  edc?: Pick<EdcService, 'prepare'>;
  publicUrl: string;
  clock: () => Date;
}

/** What one issuance ends with: the credential under its id, and whether this request stored it. */
export interface Issued {
  doc: CredentialDoc;
  created: boolean;
}

/** A caller-built credential to sign as the issuer's did:key (W3C VC-API), validated by the caller. */
export interface SignedIssueRequest {
  identity: `did:key:${string}`;
  /** its status entries, one per purpose, in lists issued as `identity` (none: signed as given) */
  purposes: readonly StatusPurpose[];
  /** the credential to sign, with the status entries allocated for it */
  build: (entries: JsonObject[]) => JsonObject;
}

const OB3_STATUS: readonly StatusPurpose[] = ['revocation'];

const interrupted = () =>
  new AppError('service-unavailable', 'The issuance was interrupted; retry the request', [], {
    'Retry-After': '1',
  });

/** A voided id is an issuance interrupted: the reclaimer took it for dead and gave its index back. */
const issued = (outcome: Persisted): Issued => {
  if (outcome === 'voided') throw interrupted();
  return outcome;
};

/** Issuance, as two short stories of the same named steps, with one compensation (./holdings.ts). */
export function createIssueCredential(deps: IssueDeps) {
  const { repo, clock, publicUrl } = deps;
  const claim = createClaimStep(repo, clock);
  const issuerOf = async (actor: Actor): Promise<IssuerRecord> => {
    const issuer = await deps.issuerById(actor.issuerId);
    if (!issuer) throw notFound('Issuer');
    return issuer;
  };

  /** allocate → build → validate → sign → persist, under one credential id. */
  const attempt = async (actor: Actor, plan: IssuePlan, credentialId: string, holdings: Holdings) => {
    const issuer = await issuerOf(actor);
    const status = { issuerId: actor.issuerId, purposes: OB3_STATUS, identity: 'did:web' } as const;
    const { refs, entries } = await holdings.allocate(credentialId, status);
    const unsigned = buildCredential({ issuer, plan, credentialId, credentialStatus: entries[0], publicUrl });
    await validate(deps.validate, unsigned);
    const signed = await sign(deps.signer, issuer, plan.format, unsigned);
    const edc = await sealEdc(deps.edc, issuer, plan, credentialId);
    const learner = await registerLearner(deps.learners, actor, plan);
    const ids = { credentialId, learnerId: learner.id };
    const record = credentialRecord(actor.issuerId, plan, ids, signed, refs, clock());
    const outcome = await holdings.persist(() => persist(repo, record));
    if (outcome !== 'voided' && outcome.created) await edc?.commit();
    return outcome;
  };

  /**
   * One OB 3.0 issuance: plan → claim → allocate → build → validate → sign → persist → audit. The
   * attempt runs once more, under a fresh id, only when the reclaimer voided the first one's id (it
   * took this request for dead) while this request still holds the key's claim.
   */
  async function issue(actor: Actor, input: IssueInput): Promise<Issued> {
    const plan = await planIssue(deps, actor, input, clock());
    const claimed = await claim(actor, input);
    if ('replay' in claimed) return { doc: claimed.replay, created: false };
    const { held } = claimed;
    const holdings = createHoldings(deps, held);
    const done = await holdings.guard(async () => {
      const first = await attempt(actor, plan, held?.credentialId ?? randomUUID(), holdings);
      const again = first === 'voided' ? await held?.reissue() : undefined;
      return issued(again ? await attempt(actor, plan, again, holdings) : first);
    });
    await held?.complete();
    if (done.created) await auditIssued(deps.audit, actor, done.doc);
    return done;
  }

  /**
   * One issuance of a caller-built credential (W3C VC-API): allocate → build (the caller's credential
   * with its entries) → sign → persist → audit, with the same compensation; the caller planned it.
   */
  async function issueSigned(actor: Actor, request: SignedIssueRequest): Promise<JsonObject> {
    const issuer = await issuerOf(actor);
    const credentialId = randomUUID();
    const holdings = createHoldings(deps);
    const done = await holdings.guard(async () => {
      const { purposes, identity } = request;
      const { refs, entries } = await holdings.allocate(credentialId, {
        issuerId: issuer.id,
        purposes,
        identity,
      });
      const credential = await deps.signer.dataIntegrity(issuer, request.build(entries));
      const record = signedRecord(issuer.id, credentialId, credential, refs, clock());
      return issued(await holdings.persist(() => persist(repo, record)));
    });
    if (done.created) await auditIssued(deps.audit, actor, done.doc);
    return done.doc.credential as JsonObject;
  }

  return { issue, issueSigned };
}
