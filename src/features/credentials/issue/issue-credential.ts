import type { Actor } from '../../../actor.js';
import type { StatusPurpose } from '../../../core/status/index.js';
import type { IssuerRecord, JsonObject } from '../../../core/types.js';
import { notFound } from '../../../errors.js';
import type { AuditLog } from '../../audit/audit.repository.js';
import type { EdcService } from '../../edc/edc.service.js';
import type { LearnersService } from '../../learners/learners.service.js';
import type { CredentialsRepository } from '../credentials.repository.js';
import { auditIssued } from './audit.js';
import { buildCredential } from './build.js';
import { createClaimStep, type Claim } from './claim.js';
import { createHoldings, type HoldingsDeps } from './holdings.js';
import { credentialRecord, persist, registerLearner, signedRecord, type Issued } from './persist.js';
import { planIssue, type IssueInput, type PlanDeps } from './plan.js';
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

/** A caller-built credential to sign as the issuer's did:key (W3C VC-API), validated by the caller. */
export interface SignedIssueRequest {
  identity: `did:key:${string}`;
  /** its status entries, one per purpose, in lists issued as `identity` (none: signed as given) */
  purposes: readonly StatusPurpose[];
  /** the credential to sign, with the status entries allocated for it */
  build: (entries: JsonObject[]) => JsonObject;
}

/** OB 3.0 credentials carry one entry, revocation, in lists issued as the issuer's did:web. */
const OB3_STATUS = { purposes: ['revocation'], identity: 'did:web' } as const;

async function issuerOf(deps: IssueDeps, actor: Actor): Promise<IssuerRecord> {
  const issuer = await deps.issuerById(actor.issuerId);
  if (!issuer) throw notFound('Issuer');
  return issuer;
}

/**
 * One OB 3.0 issuance: plan → claim → allocate → build → validate → sign → persist → audit. What it
 * holds from the claim on, and what is given back when a step fails, is ./holdings.ts.
 */
async function issueCredential(
  deps: IssueDeps,
  claim: Claim,
  actor: Actor,
  input: IssueInput,
): Promise<Issued> {
  const plan = await planIssue(deps, actor, input, deps.clock());
  const claimed = await claim(actor, input);
  if ('replay' in claimed) return { doc: claimed.replay, created: false };
  const holdings = createHoldings(deps, claimed.held);
  const issued = await holdings.run(async (credentialId) => {
    const issuer = await issuerOf(deps, actor);
    const { refs, entries } = await holdings.allocate(credentialId, { issuerId: issuer.id, ...OB3_STATUS });
    const unsigned = buildCredential({ issuer, plan, credentialId, entries, publicUrl: deps.publicUrl });
    await validate(deps.validate, unsigned);
    const signed = await sign(deps.signer, issuer, plan.format, unsigned);
    const edc = await sealEdc(deps.edc, issuer, plan, credentialId);
    const { id: learnerId } = await registerLearner(deps.learners, actor, plan);
    const record = credentialRecord(issuer.id, plan, { credentialId, learnerId }, signed, refs, deps.clock());
    const outcome = await holdings.persist(() => persist(deps.repo, record));
    if (outcome !== 'voided' && outcome.created) await edc?.commit();
    return outcome;
  });
  await claimed.held?.complete();
  if (issued.created) await auditIssued(deps.audit, actor, issued.doc);
  return issued;
}

/**
 * One issuance of a caller-built credential (W3C VC-API): allocate → build (the caller's credential
 * with its entries) → sign → persist → audit, holding and giving back as any issuance; the caller
 * planned it (validated the request), and it has no idempotency key.
 */
async function issueSignedCredential(deps: IssueDeps, actor: Actor, request: SignedIssueRequest) {
  const holdings = createHoldings(deps);
  const issued = await holdings.run(async (credentialId) => {
    const issuer = await issuerOf(deps, actor);
    const { purposes, identity } = request;
    const { refs, entries } = await holdings.allocate(credentialId, {
      issuerId: issuer.id,
      purposes,
      identity,
    });
    const credential = await deps.signer.dataIntegrity(issuer, request.build(entries));
    const record = signedRecord(issuer.id, credentialId, credential, refs, deps.clock());
    return holdings.persist(() => persist(deps.repo, record));
  });
  if (issued.created) await auditIssued(deps.audit, actor, issued.doc);
  return issued.doc.credential as JsonObject;
}

/** Issuance: the OB 3.0 use case and the W3C VC-API one, the same steps and the same holdings. */
export function createIssueCredential(deps: IssueDeps) {
  const claim = createClaimStep(deps.repo, deps.clock);
  return {
    issue: (actor: Actor, input: IssueInput): Promise<Issued> => issueCredential(deps, claim, actor, input),
    issueSigned: (actor: Actor, request: SignedIssueRequest): Promise<JsonObject> =>
      issueSignedCredential(deps, actor, request),
  };
}
