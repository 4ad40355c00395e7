import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { buildOpenBadgeCredential } from '../../core/ob3/build-credential.js';
import type { IssuerRecord, LearnerRecord } from '../../core/types.js';
import { AppError, notFound } from '../../errors.js';
import type { AchievementsService } from '../achievements/achievements.service.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { LearnersService } from '../learners/learners.service.js';
import type { Actor } from '../../actor.js';
import type { PageRequest } from '../shared/paging.js';
import type { StatusService } from '../status/status.service.js';
import type { CredentialDoc } from './credential.model.js';
import type { CredentialFilter, CredentialsRepository } from './credentials.repository.js';
import { planIssue, type IssueInput, type IssuePlan } from './issue-plan.js';
import { credentialLinks } from './links.js';
import { waitForClaim } from './idempotency.js';
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
  publicUrl: string;
  clock: () => Date;
  /** European Digital Credentials (format `edc`): sealed at issuance from the same records */
  edc?: Pick<EdcService, 'prepare' | 'sealedFor'>;
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

const requestHash = (input: IssueInput): string => {
  const { idempotencyKey: _ignored, ...rest } = input;
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(rest)))
    .digest('hex');
};

export function createCredentialsService(deps: CredentialsDeps) {
  const { repo, status, signer, audit, publicUrl, clock } = deps;

  const view = (doc: CredentialDoc): CredentialView => ({
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
    credential: doc.credential,
    ...(doc.jwt ? { jwt: doc.jwt } : {}),
    links: credentialLinks(publicUrl, doc._id, doc.format),
  });

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

  /** Builds, validates and signs; registers a new learner only once the credential is sure to be stored. */
  const create = async (actor: Actor, plan: IssuePlan, credentialId: string): Promise<CredentialDoc> => {
    const issuer = await deps.issuerById(actor.issuerId);
    if (!issuer) throw notFound('Issuer');
    const now = clock();
    const provisional: LearnerRecord =
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
    const { allocation, entry } = await status.allocate(actor.issuerId, 'revocation', credentialId);
    try {
      const unsigned = buildOpenBadgeCredential({
        issuer,
        achievement: plan.achievement,
        learner: provisional,
        publicUrl,
        credentialId,
        salt: randomBytes(16).toString('hex'),
        award: {
          language: plan.language,
          awardedDate: plan.awardedDate,
          validUntil: plan.validUntil,
          result: plan.result,
        },
        credentialStatus: { ...entry },
      }) as unknown as Record<string, unknown>;
      const problems = await deps.validate(unsigned);
      if (problems.length)
        throw new AppError(
          'credential-invalid',
          'The credential would not be valid Open Badges 3.0',
          problems,
        );
      const signed =
        plan.format === 'ob3-jwt'
          ? { credential: unsigned, jwt: await signer.jwt(issuer, unsigned) }
          : { credential: await signer.dataIntegrity(issuer, unsigned) };
      const edc =
        plan.format === 'edc' ? await prepareEdc(issuer, plan, provisional, credentialId) : undefined;
      const learner =
        'pending' in plan.learner ? await deps.learners.create(actor, plan.learner.pending) : plan.learner;
      const doc: CredentialDoc = {
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
        createdAt: now,
      };
      await repo.insert(doc);
      await edc?.commit();
      return doc;
    } catch (error) {
      await status.release(allocation);
      throw error;
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
      const claimId = input.idempotencyKey ? `${actor.issuerId}:${input.idempotencyKey}` : undefined;
      let credentialId: string = randomUUID();
      if (claimId) {
        const outcome = await waitForClaim(repo, {
          _id: claimId,
          requestHash: requestHash(input),
          credentialId,
          state: 'pending',
          createdAt: clock(),
        });
        if (outcome.replay) {
          const existing = await repo.get(outcome.credentialId, actor.issuerId);
          if (!existing)
            throw new AppError(
              'conflict',
              'The idempotency key refers to a credential that no longer exists',
            );
          return { view: await answer(existing), replayed: true };
        }
        credentialId = outcome.credentialId;
      }
      try {
        const doc = await create(actor, plan, credentialId);
        if (claimId) await repo.completeClaim(claimId);
        await audit.append({
          principal: actor.principal,
          issuerId: actor.issuerId,
          action: 'credential.issued',
          targetType: 'credential',
          targetId: doc._id,
          requestId: actor.requestId,
          details: { format: doc.format, achievementId: doc.achievementId },
        });
        return { view: await answer(doc), replayed: false };
      } catch (error) {
        if (claimId) await repo.dropClaim(claimId);
        throw error;
      }
    },

    async list(issuerId: string, filter: CredentialFilter, paging: PageRequest) {
      const { items, total } = await repo.list(issuerId, filter, paging);
      return {
        items: items.map((d) => ({ ...view(d), credential: undefined, jwt: undefined })),
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
