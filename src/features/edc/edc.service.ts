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
import type { EdcRepository, SealKey } from './edc.repository.js';

/** What building an EDC reads: the credential's records, by id (undefined = not there). */
export interface EdcRecords {
  issuer(id: string): Promise<IssuerRecord | undefined>;
  achievement(issuerId: string, id: string): Promise<AchievementRecord | undefined>;
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

/** The learner's result as the OB 3.0 credential states it (credentialSubject.result[0].value). */
function resultOf(credential: Record<string, unknown>): { value: string } | undefined {
  const subject = credential.credentialSubject as { result?: Array<{ value?: unknown }> } | undefined;
  const value = subject?.result?.[0]?.value;
  return typeof value === 'string' ? { value } : undefined;
}

export function createEdcService(deps: EdcDeps) {
  const { repo, records, clock, publicUrl } = deps;

  /**
   * The issuer's current seal key. A self-signed one is made the first time (issuers that predate EDCs)
   * and when the current certificate has expired, so every EDC is sealed with a valid certificate.
   */
  const sealKey = async (issuer: IssuerRecord): Promise<SealKey> => {
    const now = clock();
    const current = await repo.current(issuer.id);
    if (current && current.entry.notAfter > now) return current;
    const material = await createSelfSignedSeal(selfSignedSealRequest(issuer, now));
    return current ? repo.replace(issuer.id, material, 'self-signed') : repo.createFirst(issuer.id, material);
  };

  const linkedTitles = async (issuerId: string, a: AchievementRecord) => {
    const ids = [...(a.stackability?.isPartOf ?? []), ...(a.stackability?.combines ?? [])];
    const found = await Promise.all(
      ids.map(async (id) => [id, (await records.achievement(issuerId, id))?.title]),
    );
    return Object.fromEntries(found.filter(([, title]) => title));
  };

  /** Builds, validates (SHACL) and seals; nothing is stored. An invalid EDC is refused with its paths. */
  const seal = async (award: EdcAward): Promise<{ sealed: SealedEdc; fingerprint: string }> => {
    const key = await sealKey(award.issuer);
    const now = clock();
    const credential = buildEuropeanDigitalCredential({
      credentialId: award.credentialId,
      issuer: award.issuer,
      seal: sealIdentityOf(describeCertificate(key.material.chain[0] as Buffer), award.issuer),
      achievement: mapAchievementRecord(award.achievement, {
        publicUrl,
        linkedTitles: await linkedTitles(award.issuer.id, award.achievement),
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
    const { conforms, problems } = await deps.validate(credential);
    if (!conforms)
      throw new AppError(
        'edc-invalid',
        'The European Digital Credential would not conform to the EDC shapes',
        problems.map((p) => ({ pointer: `/${p.path.replace(/\./g, '/')}`, detail: p.detail })),
      );
    return { sealed: await sealEdc(credential, key.material, now), fingerprint: key.entry.fingerprint };
  };

  /** The stored credential's award, read back from its records. */
  const awardOf = async (doc: StoredCredential): Promise<EdcAward> => {
    const none = () =>
      notFound('European Digital Credential (the credential was not issued from Tilts records)');
    if (!doc.achievementId || !doc.learnerId || !doc.awardedDate || !doc.language) throw none();
    const [issuer, achievement, learner] = await Promise.all([
      records.issuer(doc.issuerId),
      records.achievement(doc.issuerId, doc.achievementId),
      records.learner(doc.issuerId, doc.learnerId),
    ]);
    if (!issuer || !achievement || !learner) throw none();
    return {
      credentialId: doc._id,
      issuer,
      achievement,
      learner,
      language: doc.language,
      awardedDate: new Date(doc.awardedDate),
      validUntil: doc.validUntil ? new Date(doc.validUntil) : undefined,
      result: resultOf(doc.credential),
    };
  };

  const store = (award: EdcAward, made: { sealed: SealedEdc; fingerprint: string }) =>
    repo.storeSealed({
      _id: award.credentialId,
      issuerId: award.issuer.id,
      sealed: made.sealed as never,
      fingerprint: made.fingerprint,
      createdAt: clock(),
    });

  return {
    sealKey,

    /** Issuance with format `edc`: seal now (refusing an invalid EDC before anything is stored); `commit` stores it. */
    async prepare(award: EdcAward): Promise<{ sealed: SealedEdc; commit: () => Promise<void> }> {
      const made = await seal(award);
      // the credential is stored by then: a failed store here only means the EDC is sealed again on first download
      return {
        sealed: made.sealed,
        commit: async () => void (await store(award, made).catch(() => undefined)),
      };
    },

    /** The sealed EDC of any credential issued from our records, made on first request and then kept. */
    async sealedFor(credentialId: string): Promise<SealedEdc> {
      const existing = await repo.sealed(credentialId);
      if (existing) return existing.sealed;
      const doc = await records.credential(credentialId);
      if (!doc) throw notFound('Credential');
      const award = await awardOf(doc);
      return (await store(award, await seal(award))).sealed;
    },

    /** The EC EDC issuer's upload format: the validated, unsigned credential in `{credential}`. */
    async uploadPackage(
      issuerId: string,
      credentialId: string,
    ): Promise<{ credential: Record<string, unknown> }> {
      const doc = await records.credential(credentialId);
      if (!doc || doc.issuerId !== issuerId) throw notFound('Credential');
      const sealed = await this.sealedFor(credentialId);
      return { credential: JSON.parse(sealed.payload) as Record<string, unknown> };
    },

    async sealCertificate(issuerId: string) {
      const issuer = await records.issuer(issuerId);
      if (!issuer) throw notFound('Issuer');
      return describeSealKey(await sealKey(issuer));
    },

    /** Replaces the issuer's seal certificate with an uploaded one (PEM or PKCS#12); the key is sealed at rest. */
    async uploadSealCertificate(actor: Actor, upload: SealUpload) {
      const material = readSealUpload(upload);
      const info = describeCertificate(material.chain[0] as Buffer);
      const now = clock();
      if (now < new Date(info.notBefore) || now > new Date(info.notAfter))
        throw new AppError('seal-certificate-invalid', 'The certificate is not valid now', [
          { pointer: '/certificate', detail: `valid ${info.notBefore} – ${info.notAfter}` },
        ]);
      const key = await repo.replace(actor.issuerId, material, 'uploaded');
      await deps.audit.append({
        principal: actor.principal,
        issuerId: actor.issuerId,
        action: 'seal-certificate.uploaded',
        targetType: 'seal-certificate',
        targetId: info.fingerprint,
        requestId: actor.requestId,
      });
      return describeSealKey(key);
    },

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
