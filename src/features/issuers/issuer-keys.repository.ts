import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { P256PrivateJwk, P256PublicJwk } from '../../core/keys/index.js';
import type { PublishedKey } from '../../core/profile/issuer-profile.js';
import type { SecretBox } from '../../infra/secret-box.js';
import { issuerKeyModel, type IssuerKeyDoc, type IssuerKeyType } from './issuer-key.model.js';

export interface Ed25519Secret {
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

export interface P256Secret {
  publicJwk: P256PublicJwk;
  privateJwk: P256PrivateJwk;
}

/** Makes fresh key pairs (core/keys in production). */
export interface KeyGenerator {
  ed25519(): Promise<Ed25519Secret>;
  p256(): Promise<P256Secret>;
}

export interface SigningKeys {
  ed25519: Ed25519Secret;
  p256: P256Secret;
}

export interface IssuerKeys {
  /** creates a current Ed25519 and a current P-256 key; earlier current keys become retired */
  rotate(issuerId: string): Promise<PublishedKey[]>;
  published(issuerId: string): Promise<PublishedKey[]>;
  /** the newest current keys, private parts decrypted (only ever in memory) */
  signing(issuerId: string): Promise<SigningKeys>;
  /**
   * One Ed25519 key of the issuer, current or retired, decrypted: the key a did:key names. Status
   * lists of W3C VC-API credentials stay signed by the did:key their credentials were issued as.
   * Undefined when the issuer has no such key.
   */
  ed25519(issuerId: string, publicKeyMultibase: string): Promise<Ed25519Secret | undefined>;
  /** issuer id → publicKeyMultibase of its newest current Ed25519 key, for several issuers at once */
  currentEd25519(issuerIds: string[]): Promise<Map<string, string>>;
  /** removes every key of an issuer (compensation when issuer creation fails half-way) */
  discard(issuerId: string): Promise<void>;
}

const aad = (doc: { _id: string; issuerId: string; type: string }) =>
  `issuer-key:${doc.issuerId}:${doc._id}:${doc.type}`;

const toPublished = (doc: IssuerKeyDoc): PublishedKey => ({
  type: doc.type,
  status: doc.status,
  publicKeyMultibase: doc.publicKeyMultibase,
  publicJwk: doc.publicJwk as unknown as P256PublicJwk | undefined,
  createdAt: doc.createdAt.toISOString(),
});

type KeyModel = ReturnType<typeof issuerKeyModel>;

/** A current key document whose private part is sealed under its own identity. */
function sealed(
  box: SecretBox,
  { issuerId, type, now }: { issuerId: string; type: IssuerKeyType; now: Date },
  secret: string,
  pub: Partial<IssuerKeyDoc>,
): IssuerKeyDoc {
  const _id = randomUUID();
  return {
    _id,
    issuerId,
    type,
    status: 'current',
    ...pub,
    sealedPrivateKey: box.seal(secret, aad({ _id, issuerId, type })),
    createdAt: now,
  };
}

/** The new keys are stored before the old ones retire, so the issuer is never without a current key. */
async function rotateKeys(
  model: KeyModel,
  box: SecretBox,
  generate: KeyGenerator,
  issuerId: string,
  now: Date,
): Promise<void> {
  const [ed, p256] = await Promise.all([generate.ed25519(), generate.p256()]);
  const docs = [
    sealed(box, { issuerId, type: 'Ed25519', now }, ed.secretKeyMultibase, {
      publicKeyMultibase: ed.publicKeyMultibase,
    }),
    sealed(box, { issuerId, type: 'P-256', now }, JSON.stringify(p256.privateJwk), {
      publicJwk: { ...p256.publicJwk },
    }),
  ];
  await model.insertMany(docs);
  await model.updateMany(
    { issuerId, status: 'current', _id: { $nin: docs.map((d) => d._id) } },
    { $set: { status: 'retired', retiredAt: now } },
  );
}

async function newest(model: KeyModel, issuerId: string, type: IssuerKeyType): Promise<IssuerKeyDoc> {
  const doc = await model.findOne({ issuerId, type, status: 'current' }).sort({ createdAt: -1 }).lean();
  if (!doc) throw new Error(`issuer ${issuerId} has no current ${type} key`);
  return doc as IssuerKeyDoc;
}

async function signingKeys(model: KeyModel, box: SecretBox, issuerId: string): Promise<SigningKeys> {
  const [ed, p256] = await Promise.all([
    newest(model, issuerId, 'Ed25519'),
    newest(model, issuerId, 'P-256'),
  ]);
  return {
    ed25519: {
      publicKeyMultibase: ed.publicKeyMultibase as string,
      secretKeyMultibase: box.open(ed.sealedPrivateKey, aad(ed)),
    },
    p256: {
      publicJwk: p256.publicJwk as unknown as P256PublicJwk,
      privateJwk: JSON.parse(box.open(p256.sealedPrivateKey, aad(p256))),
    },
  };
}

/**
 * Issuer keys at rest: public parts in the clear, private parts sealed under the master key with the
 * key's identity as associated data, so a sealed blob cannot be moved to another issuer or key.
 */
export function createIssuerKeys(
  conn: Connection,
  box: SecretBox,
  generate: KeyGenerator,
  clock: () => Date,
): IssuerKeys {
  const model = issuerKeyModel(conn);
  return {
    async rotate(issuerId) {
      await rotateKeys(model, box, generate, issuerId, clock());
      return this.published(issuerId);
    },
    async published(issuerId) {
      const docs = await model.find({ issuerId }).sort({ createdAt: 1, type: 1 }).lean();
      return (docs as IssuerKeyDoc[]).map(toPublished);
    },
    signing: (issuerId) => signingKeys(model, box, issuerId),
    async ed25519(issuerId, publicKeyMultibase) {
      const doc = await model.findOne({ issuerId, type: 'Ed25519', publicKeyMultibase }).lean();
      if (!doc) return undefined;
      return { publicKeyMultibase, secretKeyMultibase: box.open(doc.sealedPrivateKey, aad(doc)) };
    },
    async currentEd25519(issuerIds) {
      const docs = await model
        .find({ issuerId: { $in: issuerIds }, type: 'Ed25519', status: 'current' })
        .sort({ createdAt: 1 })
        .lean();
      return new Map((docs as IssuerKeyDoc[]).map((d) => [d.issuerId, d.publicKeyMultibase as string]));
    },
    async discard(issuerId) {
      await model.deleteMany({ issuerId });
    },
  };
}
