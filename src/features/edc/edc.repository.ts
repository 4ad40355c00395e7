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

/**
 * Issuers' seal keys at rest (private keys sealed under the master key, bound to issuer and
 * certificate) and the sealed EDCs, both addressed by `_id` only.
 */
export function createEdcRepository(conn: Connection, box: SecretBox, clock: () => Date) {
  const keys = sealKeysModel(conn);
  const edcs = sealedEdcModel(conn);

  const toEntry = (
    issuerId: string,
    material: SealKeyMaterial,
    source: SealKeyEntry['source'],
  ): SealKeyEntry => {
    const info = describeCertificate(material.chain[0] as Buffer);
    return {
      source,
      chain: material.chain.map((der) => der.toString('base64')),
      fingerprint: info.fingerprint,
      notAfter: new Date(info.notAfter),
      createdAt: clock(),
      key: box.seal(material.privateKeyPkcs8.toString('base64'), aad(issuerId, info.fingerprint)),
    };
  };

  const open = (issuerId: string, entry: SealKeyEntry): SealKey => {
    const { key, ...rest } = entry;
    if (!key) throw new Error('a current seal key has no private key');
    return {
      entry: rest,
      material: {
        chain: entry.chain.map((c) => Buffer.from(c, 'base64')),
        privateKeyPkcs8: Buffer.from(box.open(key, aad(issuerId, entry.fingerprint)), 'base64'),
      },
    };
  };

  const read = async (issuerId: string): Promise<SealKeysDoc | undefined> => {
    // lean documents keep Dates (notAfter is compared) and the _id this collection is addressed by
    return ((await keys.findById(issuerId).lean()) as SealKeysDoc | null) ?? undefined;
  };

  return {
    async current(issuerId: string): Promise<SealKey | undefined> {
      const doc = await read(issuerId);
      return doc ? open(issuerId, doc.current) : undefined;
    },

    /** Fingerprints of every seal certificate the issuer has had (current first). */
    async fingerprints(issuerId: string): Promise<string[]> {
      const doc = await read(issuerId);
      return doc ? [doc.current, ...doc.retired].map((e) => e.fingerprint) : [];
    },

    /** The first seal key of an issuer; when another request made one meanwhile, that one stands. */
    async createFirst(issuerId: string, material: SealKeyMaterial): Promise<SealKey> {
      try {
        await keys.create({
          _id: issuerId,
          current: toEntry(issuerId, material, 'self-signed'),
          retired: [],
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      return (await this.current(issuerId)) as SealKey;
    },

    /** Makes `material` the current seal key; the previous certificate is kept (without its key) as retired. */
    async replace(
      issuerId: string,
      material: SealKeyMaterial,
      source: SealKeyEntry['source'],
    ): Promise<SealKey> {
      const next = toEntry(issuerId, material, source);
      const doc = await read(issuerId);
      if (!doc) {
        try {
          await keys.create({ _id: issuerId, current: next, retired: [] });
          return open(issuerId, next);
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          return this.replace(issuerId, material, source);
        }
      }
      const { key: _dropped, ...retired } = doc.current;
      await keys.updateOne({ _id: issuerId }, { $set: { current: next }, $push: { retired } });
      return open(issuerId, next);
    },

    async sealed(credentialId: string): Promise<SealedEdcDoc | undefined> {
      return ((await edcs.findById(credentialId).lean()) as SealedEdcDoc | null) ?? undefined;
    },

    /** Stores a sealed EDC once; a concurrent first store wins and is returned. */
    async storeSealed(doc: SealedEdcDoc): Promise<SealedEdcDoc> {
      try {
        await edcs.create(doc);
        return doc;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return (await this.sealed(doc._id)) as SealedEdcDoc;
      }
    },
  };
}

export type EdcRepository = ReturnType<typeof createEdcRepository>;
