import { randomBytes, randomUUID } from 'node:crypto';
import { buildOpenBadgeCredential } from '../../core/ob3/build-credential.js';
import type { IssuerRecord, JsonObject, LearnerRecord } from '../../core/types.js';
import { AppError, notFound } from '../../errors.js';
import type { AchievementsService } from '../achievements/achievements.service.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { LearnersService } from '../learners/learners.service.js';
import type { Actor } from '../../actor.js';
import type { PageRequest } from '../shared/paging.js';
import type { StatusService } from '../status/status.service.js';
import type { CredentialDoc } from './credential.model.js';
import type { CredentialFilter, CredentialsRepository, CredentialSummary } from './credentials.repository.js';
import { planIssue, type IssueInput, type IssuePlan } from './issue-plan.js';
import { credentialLinks } from './links.js';
import { createClaims, requestHash, type HeldClaim } from './idempotency.js';
import { keepAlive, RENEW_EVERY_MS, type KeepAlive } from './keep-alive.js';
import { createStatusChanges, type StatusAction } from './status-changes.js';
import type { EdcService } from '../edc/edc.service.js';

export interface CredentialSigner {
  dataIntegrity(issuer: IssuerRecord, credential: Record<string, unknown>): Promise<Record<string, unknown>>;
  jwt(issuer: IssuerRecord, credential: Record<string, unknown>): Promise<string>;
}

export interface CredentialsDeps {
  repo: CredentialsRepository;
  achievements: AchievementsService;
  learners: LearnersService;
  issuerById: (id: string) => Promise<IssuerRecord | undefined>;
  status: StatusService;
  signer: CredentialSigner;
  /** the official OB 3.0 schema, safe-mode JSON-LD and the EU rules: problems found, none = valid */
  validate: (credential: Record<string, unknown>) => Promise<Array<{ pointer: string; detail: string }>>;
  audit: AuditLog;
  /** an allocation was left pending (its credential may be stored or not): the reclaimer should look */
  reclaimSoon?: () => void;
  /** European Digital Credentials (format `edc`): sealed at issuance from the same records */
  edc?: Pick<EdcService, 'prepare' | 'sealedFor'>;
  publicUrl: string;
  clock: () => Date;
}

export interface CredentialView {
  id: string;
  format: CredentialDoc['format'];
  status: CredentialDoc['status'];
  statusHistory: Array<{ status: string; reason?: string; at: string }>;
  issuerId: string;
  achievementId?: string;
  learnerId?: string;
  language?: string;
  awardedDate?: string;
  createdAt: string;
  credential: Record<string, unknown>;
  jwt?: string;
  links: Record<string, string>;
}

/** What one issuance ends with: the credential under its id, and whether this request stored it. */
interface Issued {
  doc: CredentialDoc;
  created: boolean;
}

const interrupted = () =>
  new AppError('service-unavailable', 'The issuance was interrupted; retry the request', [], {
    'Retry-After': '1',
  });

export function createCredentialsService(deps: CredentialsDeps) {
  const { repo, status, signer, audit, publicUrl, clock } = deps;
  const claims = createClaims(repo, { clock });

  const replayOf = async (actor: Actor, credentialId: string): Promise<CredentialDoc> => {
    const existing = await repo.get(credentialId, actor.issuerId);
    if (!existing)
      throw new AppError('conflict', 'The idempotency key refers to a credential that no longer exists');
    return existing;
  };

  const summary = (doc: CredentialSummary): Omit<CredentialView, 'credential' | 'jwt'> => ({
    id: doc._id,
    format: doc.format,
    status: doc.status,
    statusHistory: doc.statusHistory.map((h) => ({
      status: h.status,
      ...(h.reason ? { reason: h.reason } : {}),
      at: new Date(h.at).toISOString(),
    })),
    issuerId: doc.issuerId,
    ...(doc.achievementId ? { achievementId: doc.achievementId } : {}),
    ...(doc.learnerId ? { learnerId: doc.learnerId } : {}),
    ...(doc.language ? { language: doc.language } : {}),
    ...(doc.awardedDate ? { awardedDate: new Date(doc.awardedDate).toISOString() } : {}),
    createdAt: new Date(doc.createdAt).toISOString(),
    links: credentialLinks(publicUrl, doc._id, doc.format),
  });
  const view = (doc: CredentialDoc): CredentialView => ({
    ...summary(doc),
    credential: doc.credential,
    ...(doc.jwt ? { jwt: doc.jwt } : {}),
  });

  /** The learner as the credential names them: a learner registered with this request is not stored yet. */
  const learnerOf = (actor: Actor, plan: IssuePlan): LearnerRecord =>
    'pending' in plan.learner
      ? {
          id: 'pending',
          issuerId: actor.issuerId,
          preferredLanguage: 'lv',
          status: 'active',
          createdAt: '',
          updatedAt: '',
          ...plan.learner.pending,
        }
      : plan.learner;

  /** Builds the unsigned credential, checks it is valid OB 3.0, and signs it. */
  const seal = async (
    issuer: IssuerRecord,
    learner: LearnerRecord,
    plan: IssuePlan,
    credentialId: string,
    credentialStatus: JsonObject,
  ): Promise<Pick<CredentialDoc, 'credential' | 'jwt'>> => {
    const unsigned = buildOpenBadgeCredential({
      issuer,
      achievement: plan.achievement,
      learner,
      publicUrl,
      credentialId,
      salt: randomBytes(16).toString('hex'),
      award: {
        language: plan.language,
        awardedDate: plan.awardedDate,
        validUntil: plan.validUntil,
        result: plan.result,
      },
      credentialStatus,
    }) as unknown as Record<string, unknown>;
    const problems = await deps.validate(unsigned);
    if (problems.length)
      throw new AppError('credential-invalid', 'The credential would not be valid Open Badges 3.0', problems);
    return plan.format === 'ob3-jwt'
      ? { credential: unsigned, jwt: await signer.jwt(issuer, unsigned) }
      : { credential: await signer.dataIntegrity(issuer, unsigned) };
  };

  /** Format `edc`: the EDC of the same award, validated (SHACL) and sealed before anything is stored. */
  const prepareEdc = (
    issuer: IssuerRecord,
    plan: IssuePlan,
    learner: LearnerRecord,
    credentialId: string,
  ) => {
    if (!deps.edc) throw new AppError('unprocessable-entity', 'European Digital Credentials are not set up');
    const { achievement, language, awardedDate, validUntil, result } = plan;
    return deps.edc.prepare({
      credentialId,
      issuer,
      achievement,
      learner,
      language,
      awardedDate,
      validUntil,
      result,
    });
  };
  /** The issue answer of format `edc` carries the sealed EDC as its credential. */
  const answer = async (doc: CredentialDoc): Promise<CredentialView> =>
    doc.format === 'edc' && deps.edc
      ? {
          ...view(doc),
          credential: (await deps.edc.sealedFor(doc._id)) as unknown as Record<string, unknown>,
        }
      : view(doc);

  /**
   * Stores the credential, or finds the one another attempt at the same idempotency key stored first;
   * 'voided' when the reclaimer took this attempt for dead and voided its id.
   */
  const sameRefs = (a: CredentialDoc['statusRefs'], b: CredentialDoc['statusRefs']) =>
    a.length === b.length && a.every((r, i) => r.listId === b[i]?.listId && r.index === b[i]?.index);
  const store = async (doc: CredentialDoc): Promise<Issued | 'voided'> => {
    if (await repo.insertOnce(doc)) return { doc, created: true };
    const stored = await repo.stored(doc._id);
    // holding this attempt's status index, it is this attempt's own insert (its answer was lost)
    if (stored.kind === 'credential' && stored.doc.issuerId === doc.issuerId)
      return { doc: stored.doc, created: sameRefs(stored.doc.statusRefs, doc.statusRefs) };
    return 'voided';
  };

  /**
   * Allocate → seal → register the learner → store, with one compensation: the status index is given
   * back unless a credential holding it is stored (and were this process to die first, the reclaimer
   * gives it back). Registers a new learner only once the credential is sealed.
   */
  const create = async (
    actor: Actor,
    plan: IssuePlan,
    credentialId: string,
    alive: KeepAlive,
  ): Promise<Issued | 'voided'> => {
    const issuer = await deps.issuerById(actor.issuerId);
    if (!issuer) throw notFound('Issuer');
    const leftPending = () => deps.reclaimSoon?.();
    const { allocation, entry } = await status
      .allocate(actor.issuerId, 'revocation', credentialId)
      .catch((error: unknown) => {
        leftPending(); // a claim may have been recorded before the failure
        throw error;
      });
    alive.also(() => status.renew([allocation]));
    let result: Issued | 'voided' | undefined;
    let sent = false;
    try {
      const named = learnerOf(actor, plan);
      const signed = await seal(issuer, named, plan, credentialId, { ...entry });
      const edc = plan.format === 'edc' ? await prepareEdc(issuer, plan, named, credentialId) : undefined;
      const learner =
        'pending' in plan.learner ? await deps.learners.create(actor, plan.learner.pending) : plan.learner;
      sent = true;
      result = await store({
        _id: credentialId,
        issuerId: actor.issuerId,
        achievementId: plan.achievement.id,
        learnerId: learner.id,
        language: plan.language,
        format: plan.format,
        ...signed,
        status: 'active',
        statusHistory: [],
        statusRefs: [allocation],
        awardedDate: plan.awardedDate,
        validUntil: plan.validUntil,
        createdAt: clock(),
      });
      if (result !== 'voided' && result.created) await edc?.commit();
      return result;
    } finally {
      // A store that failed under the insert may have stored it all the same: that index is left
      // pending for the reclaimer, which looks. Failures here are the reclaimer's too; they must not
      // hide what happened to the credential.
      const stored = result !== undefined && result !== 'voided' && result.created;
      if (stored) await status.bind([allocation]).catch(leftPending);
      else if (result !== undefined || !sent)
        await status.release(allocation, credentialId).catch(leftPending);
      else leftPending();
    }
  };

  /**
   * One issuance, kept alive while it runs. Under a claim, a failure before anything was stored frees
   * the key; an id voided under a retry that took over from an attempt presumed dead is issued once
   * more under a new id.
   */
  const attempt = async (actor: Actor, plan: IssuePlan, held?: HeldClaim): Promise<Issued> => {
    const alive = keepAlive(RENEW_EVERY_MS);
    if (held) alive.also(held.renew);
    try {
      let issued = await create(actor, plan, held?.credentialId ?? randomUUID(), alive);
      const again = issued === 'voided' ? await held?.reissue() : undefined;
      if (again) issued = await create(actor, plan, again, alive);
      if (issued === 'voided') throw interrupted();
      return issued;
    } catch (error) {
      await held?.drop().catch(() => undefined);
      throw error;
    } finally {
      alive.stop();
    }
  };

  const changeStatus = createStatusChanges(
    repo,
    (refs, purpose, value) => status.setBits(refs, purpose, value),
    audit,
    clock,
  );

  return {
    async changeStatus(
      actor: Actor,
      id: string,
      action: StatusAction,
      reason?: string,
    ): Promise<CredentialView> {
      return view(await changeStatus(actor, id, action, reason));
    },

    async issue(actor: Actor, input: IssueInput): Promise<{ view: CredentialView; replayed: boolean }> {
      const plan = await planIssue(deps, actor, input, clock());
      const claim = input.idempotencyKey
        ? await claims.acquire(`${actor.issuerId}:${input.idempotencyKey}`, requestHash(input))
        : undefined;
      if (claim?.replay)
        return { view: await answer(await replayOf(actor, claim.credentialId)), replayed: true };
      const held = claim?.held;
      const issued = await attempt(actor, plan, held);
      await held?.complete();
      if (issued.created)
        await audit.append({
          principal: actor.principal,
          issuerId: actor.issuerId,
          action: 'credential.issued',
          targetType: 'credential',
          targetId: issued.doc._id,
          requestId: actor.requestId,
          details: { format: issued.doc.format, achievementId: issued.doc.achievementId },
        });
      return { view: await answer(issued.doc), replayed: !issued.created };
    },

    async list(issuerId: string, filter: CredentialFilter, paging: PageRequest) {
      const { items, total } = await repo.list(issuerId, filter, paging);
      return {
        items: items.map(summary),
        total,
        ...paging,
      };
    },

    async get(issuerId: string, id: string): Promise<CredentialView> {
      const doc = await repo.get(id, issuerId);
      if (!doc) throw notFound('Credential');
      return view(doc);
    },

    /** Public: any stored credential by id (the id is in the credential itself). */
    async getPublic(id: string): Promise<CredentialDoc> {
      const doc = await repo.get(id);
      if (!doc) throw notFound('Credential');
      return doc;
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
