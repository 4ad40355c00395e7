import type { Connection } from 'mongoose';
import type { SealKeyMaterial } from '../../core/edc/index.js';
import { describeCertificate } from '../../core/edc/index.js';
import { isDuplicateKeyError } from '../../infra/mongo.js';
import type { SecretBox } from '../../infra/secret-box.js';
import {
  sealedEdcModel,
  sealKeysModel,
  type SealedEdcDoc,
  type SealKeyEntry,
  type SealKeysDoc,
} from './edc.model.js';

export interface SealKey {
  entry: Omit<SealKeyEntry, 'key'>;
  material: SealKeyMaterial;
}

const aad = (issuerId: string, fingerprint: string) => `edc-seal-key:${issuerId}:${fingerprint}`;

interface KeyStore {
  keys: ReturnType<typeof sealKeysModel>;
  box: SecretBox;
  clock: () => Date;
}

function toEntry(
  { box, clock }: KeyStore,
  issuerId: string,
  material: SealKeyMaterial,
  source: SealKeyEntry['source'],
): SealKeyEntry {
  const info = describeCertificate(material.chain[0] as Buffer);
  return {
    source,
    chain: material.chain.map((der) => der.toString('base64')),
    fingerprint: info.fingerprint,
    notAfter: new Date(info.notAfter),
    createdAt: clock(),
    key: box.seal(material.privateKeyPkcs8.toString('base64'), aad(issuerId, info.fingerprint)),
  };
}

function open({ box }: KeyStore, issuerId: string, entry: SealKeyEntry): SealKey {
  const { key, ...rest } = entry;
  if (!key) throw new Error('a current seal key has no private key');
  return {
    entry: rest,
    material: {
      chain: entry.chain.map((c) => Buffer.from(c, 'base64')),
      privateKeyPkcs8: Buffer.from(box.open(key, aad(issuerId, entry.fingerprint)), 'base64'),
    },
  };
}

async function read({ keys }: KeyStore, issuerId: string): Promise<SealKeysDoc | undefined> {
  // lean documents keep Dates (notAfter is compared) and the _id this collection is addressed by
  return ((await keys.findById(issuerId).lean()) as SealKeysDoc | null) ?? undefined;
}

/** Makes `material` the current seal key; the previous certificate is kept (without its key) as retired. */
async function replaceSealKey(
  store: KeyStore,
  issuerId: string,
  material: SealKeyMaterial,
  source: SealKeyEntry['source'],
): Promise<SealKey> {
  const next = toEntry(store, issuerId, material, source);
  const doc = await read(store, issuerId);
  if (!doc) {
    try {
      await store.keys.create({ _id: issuerId, current: next, retired: [] });
      return open(store, issuerId, next);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return replaceSealKey(store, issuerId, material, source);
    }
  }
  const { key: _dropped, ...retired } = doc.current;
  await store.keys.updateOne({ _id: issuerId }, { $set: { current: next }, $push: { retired } });
  return open(store, issuerId, next);
}

function sealKeyTable(conn: Connection, box: SecretBox, clock: () => Date) {
  const store: KeyStore = { keys: sealKeysModel(conn), box, clock };
  const current = async (issuerId: string): Promise<SealKey | undefined> => {
    const doc = await read(store, issuerId);
    return doc ? open(store, issuerId, doc.current) : undefined;
  };
  return {
    current,

    /** Fingerprints of every seal certificate the issuer has had (current first). */
    async fingerprints(issuerId: string): Promise<string[]> {
      const doc = await read(store, issuerId);
      return doc ? [doc.current, ...doc.retired].map((e) => e.fingerprint) : [];
    },

    /** The first seal key of an issuer; when another request made one meanwhile, that one stands. */
    async createFirst(issuerId: string, material: SealKeyMaterial): Promise<SealKey> {
      try {
        await store.keys.create({
          _id: issuerId,
          current: toEntry(store, issuerId, material, 'self-signed'),
          retired: [],
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      return (await current(issuerId)) as SealKey;
    },

    replace: (issuerId: string, material: SealKeyMaterial, source: SealKeyEntry['source']) =>
      replaceSealKey(store, issuerId, material, source),
  };
}

function sealedEdcTable(conn: Connection) {
  const edcs = sealedEdcModel(conn);
  const sealed = async (credentialId: string): Promise<SealedEdcDoc | undefined> =>
    ((await edcs.findById(credentialId).lean()) as SealedEdcDoc | null) ?? undefined;
  return {
    sealed,
    /** Stores a sealed EDC once; a concurrent first store wins and is returned. */
    async storeSealed(doc: SealedEdcDoc): Promise<SealedEdcDoc> {
      try {
        await edcs.create(doc);
        return doc;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return (await sealed(doc._id)) as SealedEdcDoc;
      }
    },
  };
}

/**
 * Issuers' seal keys at rest (private keys sealed under the master key, bound to issuer and
 * certificate) and the sealed EDCs, both addressed by `_id` only.
 */
export function createEdcRepository(conn: Connection, box: SecretBox, clock: () => Date) {
  return { ...sealKeyTable(conn, box, clock), ...sealedEdcTable(conn) };
}

export type EdcRepository = ReturnType<typeof createEdcRepository>;
