import { randomUUID } from 'node:crypto';
import type { Lang, LearnerRecord } from '../../core/types.js';
import { AppError } from '../../errors.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Actor } from '../../actor.js';
import { createLifecycle } from '../shared/lifecycle.js';
import type { LearnersRepository } from './learners.repository.js';
import { normaliseEmail, type LearnerEmails } from './learner-emails.js';

export interface LearnerInput {
  givenName: string;
  familyName: string;
  email: string;
  did?: string;
  preferredLanguage?: Lang;
}

export interface LearnersDeps {
  repo: LearnersRepository;
  /** the e-mail index: every lookup of a learner by e-mail goes through it, by `_id` */
  emails: LearnerEmails;
  audit: AuditLog;
  clock?: () => Date;
}

/** An e-mail change in progress takes far less; a younger entry is not taken for stale. */
const STALE_AFTER_MS = 60_000;

const emailTaken = () =>
  new AppError('conflict', 'This issuer already has a learner with this email', [
    { pointer: '/email', detail: 'is already registered' },
  ]);

const sameEmail = (learner: LearnerRecord | undefined, email: string): boolean =>
  learner !== undefined && normaliseEmail(learner.email) === normaliseEmail(email);

const sameDetails = (learner: LearnerRecord, input: LearnerInput): boolean =>
  learner.givenName === input.givenName &&
  learner.familyName === input.familyName &&
  learner.email === input.email &&
  learner.did === input.did &&
  learner.preferredLanguage === (input.preferredLanguage ?? 'lv');

/** What the use cases share. */
interface Ctx {
  repo: LearnersRepository;
  emails: LearnerEmails;
  clock: () => Date;
  lifecycle: ReturnType<typeof createLifecycle<LearnerRecord>>;
}

/** The learner holding the issuer's e-mail in the index, when it still has that e-mail. */
async function byEmail({ repo, emails }: Ctx, issuerId: string, email: string) {
  const learnerId = await emails.lookup(issuerId, email);
  const found = learnerId === undefined ? undefined : await repo.get(issuerId, learnerId);
  return found && sameEmail(found, email) ? found : undefined;
}

/**
 * Takes the e-mail for `learnerId` in the index; refuses (409) when another learner holds it. An
 * entry whose learner does not have the e-mail is stale (a change interrupted half way) once it is
 * older than STALE_AFTER_MS, and taken over; younger, it is a change under way, and holds.
 */
async function takeEmail(
  { repo, emails, clock }: Ctx,
  issuerId: string,
  email: string,
  learnerId: string,
): Promise<void> {
  const held = await emails.claim(issuerId, email, learnerId);
  if (held.learnerId === learnerId) return;
  const stale = clock().getTime() - new Date(held.createdAt).getTime() > STALE_AFTER_MS;
  if (!stale || sameEmail(await repo.get(issuerId, held.learnerId), email)) throw emailTaken();
  await emails.repoint(issuerId, email, learnerId);
}

/** Gives the learner stored under exactly this e-mail its entry back (found by the one filtered read left). */
async function relink({ repo, emails }: Ctx, issuerId: string, email: string): Promise<void> {
  const existing = await repo.findOne(issuerId, { email });
  if (existing) await emails.claim(issuerId, existing.email, existing.id);
}

/**
 * The learner first (its unique `{issuerId, email}` index refuses the same e-mail spelt alike), then
 * its index entry (which refuses it in any letter case: the loser removes its learner again), then
 * the audit. A learner stored without its entry (a crash in between) gets it back here when its
 * e-mail is registered again.
 */
async function createLearner(ctx: Ctx, actor: Actor, input: LearnerInput): Promise<LearnerRecord> {
  const { repo, lifecycle } = ctx;
  const { issuerId } = actor;
  const fields = { _id: randomUUID(), preferredLanguage: 'lv', ...input, status: 'active' };
  let created: LearnerRecord;
  try {
    created = await repo.create(issuerId, fields);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // the usual case, a second registration, has its entry: only a learner without one costs a scan
    if (!(await byEmail(ctx, issuerId, input.email))) await relink(ctx, issuerId, input.email);
    throw emailTaken();
  }
  try {
    await takeEmail(ctx, issuerId, input.email, created.id);
  } catch (error) {
    await repo.remove(issuerId, created.id);
    throw error;
  }
  await lifecycle.log(actor, 'created', created.id);
  return created;
}

/**
 * For an issuance naming its learner inline: the learner registered now, or the one registered
 * already with exactly these details (by an attempt at the same row that died, or a concurrent one),
 * so that a replay is not refused for its own earlier work. Other details under the e-mail: 409.
 */
async function registerLearner(ctx: Ctx, actor: Actor, input: LearnerInput): Promise<LearnerRecord> {
  try {
    return await createLearner(ctx, actor, input);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'conflict')) throw error;
    const existing = await byEmail(ctx, actor.issuerId, input.email);
    if (existing && sameDetails(existing, input)) return existing;
    throw error;
  }
}

/** A new e-mail is taken before the record changes, and the old one given back after. */
async function updateLearner(
  ctx: Ctx,
  actor: Actor,
  id: string,
  changes: Partial<LearnerInput>,
): Promise<LearnerRecord> {
  const { emails, lifecycle } = ctx;
  const current = await lifecycle.get(actor.issuerId, id);
  const moves = changes.email !== undefined && !sameEmail(current, changes.email);
  const email = changes.email as string;
  if (moves) await takeEmail(ctx, actor.issuerId, email, id);
  try {
    const updated = await lifecycle.update(actor, id, { ...changes });
    if (moves) await emails.release(actor.issuerId, current.email, id);
    return updated;
  } catch (error) {
    if (moves) await emails.release(actor.issuerId, email, id);
    throw isDuplicateKeyError(error) ? emailTaken() : error;
  }
}

/**
 * Names are stored exactly as given (no trimming or normalisation), so they round-trip byte for byte;
 * e-mails too, but they are matched and kept unique per issuer ignoring letter case (learner-emails.ts).
 */
export function createLearnersService({ repo, emails, audit, clock = () => new Date() }: LearnersDeps) {
  const lifecycle = createLifecycle(repo, audit, 'learner', 'Learner');
  const ctx: Ctx = { repo, emails, clock, lifecycle };
  return {
    get: lifecycle.get,
    /** The issuer's learner, or undefined: for callers that refuse an unknown id (422), not 404. */
    find: (issuerId: string, id: string): Promise<LearnerRecord | undefined> => repo.get(issuerId, id),
    /** The issuer's learner with this e-mail (in any letter case): two reads by `_id`. */
    findByEmail: (issuerId: string, email: string) => byEmail(ctx, issuerId, email),
    list: lifecycle.list,
    archive: lifecycle.archive,
    create: (actor: Actor, input: LearnerInput) => createLearner(ctx, actor, input),
    register: (actor: Actor, input: LearnerInput) => registerLearner(ctx, actor, input),
    update: (actor: Actor, id: string, changes: Partial<LearnerInput>) =>
      updateLearner(ctx, actor, id, changes),
  };
}

export type LearnersService = ReturnType<typeof createLearnersService>;
