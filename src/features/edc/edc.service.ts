import type { Actor } from '../../actor.js';
import {
  buildEuropeanDigitalCredential,
  createSelfSignedSeal,
  describeCertificate,
  drawPageImage,
  mapAchievementRecord,
  readSealUpload,
  sealEdc,
  sealIdentityOf,
  selfSignedSealRequest,
  verifyEdc,
  type SealedEdc,
  type SealUpload,
  type ShaclValidate,
} from '../../core/edc/index.js';
import type { AchievementRecord, IssuerRecord, Lang, LearnerRecord } from '../../core/types.js';
import { AppError, notFound } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import { awardOf } from './edc-award.js';
import type { EdcRepository, SealKey } from './edc.repository.js';

/** What building an EDC reads: the credential's records, by id (undefined = not there). */
export interface EdcRecords {
  issuer(id: string): Promise<IssuerRecord | undefined>;
  /** the achievement at `version` (what a credential of that version states), else as it is now */
  achievement(issuerId: string, id: string, version?: number): Promise<AchievementRecord | undefined>;
  learner(issuerId: string, id: string): Promise<LearnerRecord | undefined>;
  /** a stored credential: its records' ids, award and status */
  credential(id: string): Promise<StoredCredential | undefined>;
}

export interface StoredCredential {
  _id: string;
  issuerId: string;
  achievementId?: string;
  learnerId?: string;
  language?: Lang;
  status: string;
  awardedDate?: Date;
  validUntil?: Date;
  credential: Record<string, unknown>;
}

export interface EdcDeps {
  repo: EdcRepository;
  records: EdcRecords;
  validate: ShaclValidate;
  audit: AuditLog;
  publicUrl: string;
  clock: () => Date;
}

/** What an issuance (format `edc`) or a first download seals: the same records the OB 3.0 credential is built from. */
export interface EdcAward {
  credentialId: string;
  issuer: IssuerRecord;
  achievement: AchievementRecord;
  learner: Pick<LearnerRecord, 'givenName' | 'familyName' | 'did'>;
  language: Lang;
  awardedDate: Date;
  validUntil?: Date;
  result?: { value: string };
}

/**
 * The issuer's current seal key. A self-signed one is made the first time (issuers that predate EDCs)
 * and when the current certificate has expired, so every EDC is sealed with a valid certificate.
 */
async function currentSealKey({ repo, clock }: EdcDeps, issuer: IssuerRecord): Promise<SealKey> {
  const now = clock();
  const current = await repo.current(issuer.id);
  if (current && current.entry.notAfter > now) return current;
  const material = await createSelfSignedSeal(selfSignedSealRequest(issuer, now));
  return current ? repo.replace(issuer.id, material, 'self-signed') : repo.createFirst(issuer.id, material);
}

async function linkedTitles(records: EdcRecords, issuerId: string, a: AchievementRecord) {
  const ids = [...(a.stackability?.isPartOf ?? []), ...(a.stackability?.combines ?? [])];
  const found = await Promise.all(
    ids.map(async (id) => [id, (await records.achievement(issuerId, id))?.title]),
  );
  return Object.fromEntries(found.filter(([, title]) => title));
}

/** The unsigned EDC of an award, sealed by `key`, issued `now`. */
async function buildEdc(deps: EdcDeps, award: EdcAward, key: SealKey, now: Date) {
  const { publicUrl } = deps;
  return buildEuropeanDigitalCredential({
    credentialId: award.credentialId,
    issuer: award.issuer,
    seal: sealIdentityOf(describeCertificate(key.material.chain[0] as Buffer), award.issuer),
    achievement: mapAchievementRecord(award.achievement, {
      publicUrl,
      linkedTitles: await linkedTitles(deps.records, award.issuer.id, award.achievement),
    }),
    learner: award.learner,
    award: {
      language: award.language,
      awardedDate: award.awardedDate.toISOString(),
      validUntil: award.validUntil?.toISOString(),
      result: award.result,
    },
    issued: now.toISOString(),
    pageImage: drawPageImage(`${publicUrl}/credentials/${award.credentialId}`),
    publicUrl,
  });
}

type Sealed = { sealed: SealedEdc; fingerprint: string };

/** Builds, validates (SHACL) and seals; nothing is stored. An invalid EDC is refused with its paths. */
async function seal(deps: EdcDeps, award: EdcAward): Promise<Sealed> {
  const key = await currentSealKey(deps, award.issuer);
  const now = deps.clock();
  const credential = await buildEdc(deps, award, key, now);
  const { conforms, problems } = await deps.validate(credential);
  if (!conforms)
    throw new AppError(
      'edc-invalid',
      'The European Digital Credential would not conform to the EDC shapes',
      problems.map((p) => ({ pointer: `/${p.path.replace(/\./g, '/')}`, detail: p.detail })),
    );
  return { sealed: await sealEdc(credential, key.material, now), fingerprint: key.entry.fingerprint };
}

const store = ({ repo, clock }: EdcDeps, award: EdcAward, made: Sealed) =>
  repo.storeSealed({
    _id: award.credentialId,
    issuerId: award.issuer.id,
    sealed: made.sealed as never,
    fingerprint: made.fingerprint,
    createdAt: clock(),
  });

/** The sealed EDC of any credential issued from our records, made on first request and then kept. */
async function sealedFor(deps: EdcDeps, credentialId: string): Promise<SealedEdc> {
  const existing = await deps.repo.sealed(credentialId);
  if (existing) return existing.sealed;
  const doc = await deps.records.credential(credentialId);
  if (!doc) throw notFound('Credential');
  const award = await awardOf(deps.records, doc);
  return (await store(deps, award, await seal(deps, award))).sealed;
}

/** Replaces the issuer's seal certificate with an uploaded one (PEM or PKCS#12); the key is sealed at rest. */
async function uploadSealCertificate(deps: EdcDeps, actor: Actor, upload: SealUpload) {
  const material = readSealUpload(upload);
  const info = describeCertificate(material.chain[0] as Buffer);
  const now = deps.clock();
  if (now < new Date(info.notBefore) || now > new Date(info.notAfter))
    throw new AppError('seal-certificate-invalid', 'The certificate is not valid now', [
      { pointer: '/certificate', detail: `valid ${info.notBefore} – ${info.notAfter}` },
    ]);
  const key = await deps.repo.replace(actor.issuerId, material, 'uploaded');
  await deps.audit.append({
    principal: actor.principal,
    issuerId: actor.issuerId,
    action: 'seal-certificate.uploaded',
    targetType: 'seal-certificate',
    targetId: info.fingerprint,
    requestId: actor.requestId,
  });
  return describeSealKey(key);
}

/** Sealing our credentials: at issuance (format `edc`) or on first download. */
function sealingUseCases(deps: EdcDeps) {
  return {
    sealKey: (issuer: IssuerRecord) => currentSealKey(deps, issuer),

    /** Issuance with format `edc`: seal now (refusing an invalid EDC before anything is stored); `commit` stores it. */
    async prepare(award: EdcAward): Promise<{ sealed: SealedEdc; commit: () => Promise<void> }> {
      const made = await seal(deps, award);
      // the credential is stored by then: a failed store here only means the EDC is sealed again on first download
      return {
        sealed: made.sealed,
        commit: async () => void (await store(deps, award, made).catch(() => undefined)),
      };
    },

    sealedFor: (credentialId: string) => sealedFor(deps, credentialId),

    /** The EC EDC issuer's upload format: the validated, unsigned credential in `{credential}`. */
    async uploadPackage(
      issuerId: string,
      credentialId: string,
    ): Promise<{ credential: Record<string, unknown> }> {
      const doc = await deps.records.credential(credentialId);
      if (!doc || doc.issuerId !== issuerId) throw notFound('Credential');
      const sealed = await sealedFor(deps, credentialId);
      return { credential: JSON.parse(sealed.payload) as Record<string, unknown> };
    },
  };
}

export function createEdcService(deps: EdcDeps) {
  const { repo, records, clock } = deps;
  return {
    ...sealingUseCases(deps),

    async sealCertificate(issuerId: string) {
      const issuer = await records.issuer(issuerId);
      if (!issuer) throw notFound('Issuer');
      return describeSealKey(await currentSealKey(deps, issuer));
    },

    uploadSealCertificate: (actor: Actor, upload: SealUpload) => uploadSealCertificate(deps, actor, upload),

    async verify(input: unknown) {
      return verifyEdc(input, {
        validate: deps.validate,
        now: clock,
        ownRecord: async (id) => {
          const doc = await records.credential(id);
          return doc
            ? { status: doc.status, sealFingerprints: await repo.fingerprints(doc.issuerId) }
            : undefined;
        },
      });
    },
  };
}

function describeSealKey(key: SealKey) {
  const info = describeCertificate(key.material.chain[0] as Buffer);
  const pem = key.entry.chain.map(
    (b64) =>
      `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').trim()}\n-----END CERTIFICATE-----\n`,
  );
  return {
    source: key.entry.source,
    ...info,
    qualified: 'not checked (EU trusted lists are out of reach offline)',
    certificate: pem.join(''),
  };
}

export type EdcService = ReturnType<typeof createEdcService>;
