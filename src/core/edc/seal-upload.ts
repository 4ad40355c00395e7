import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../errors.js';
import type { SealKeyMaterial } from './x509.js';

/** A seal certificate and key as an issuer uploads them: PEM (certificate chain + key) or PKCS#12. */
export interface SealUpload {
  /** PEM: the seal certificate first, then its CA chain */
  certificate?: string;
  /** PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 with `password`) */
  privateKey?: string;
  /** base64 PKCS#12 (.p12/.pfx) holding the key and the chain */
  pkcs12?: string;
  password?: string;
}

const refuse = (pointer: string, detail: string): AppError =>
  new AppError('seal-certificate-invalid', detail, [{ pointer, detail }]);

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificatesFromPem(pem: string): Buffer[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw refuse('/certificate', 'no PEM certificate found');
  return blocks.map((b) => {
    try {
      return Buffer.from(new X509Certificate(b).raw);
    } catch {
      throw refuse('/certificate', 'a certificate could not be parsed');
    }
  });
}

function fromPem(upload: SealUpload): { chain: Buffer[]; key: KeyObject } {
  if (!upload.certificate || !upload.privateKey)
    throw refuse('/privateKey', 'give certificate and privateKey (PEM), or pkcs12 and password');
  const chain = certificatesFromPem(upload.certificate);
  try {
    return { chain, key: createPrivateKey({ key: upload.privateKey, passphrase: upload.password }) };
  } catch {
    throw refuse('/privateKey', 'the private key could not be read (wrong password or not a PEM key)');
  }
}

type Bag = { key?: forge.pki.PrivateKey; cert?: forge.pki.Certificate; asn1?: forge.asn1.Asn1 };

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, type: string): Bag[] {
  return (p12.getBags({ bagType: type })[type] ?? []) as Bag[];
}

/** DER of a PKCS#12 bag: forge decodes RSA itself and keeps other key and certificate types as ASN.1. */
function bagDer(bag: Bag, kind: 'key' | 'cert'): Buffer {
  const { pki, asn1 } = forge;
  const node =
    kind === 'key' && bag.key
      ? pki.wrapRsaPrivateKey(pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
      : kind === 'cert' && bag.cert
        ? pki.certificateToAsn1(bag.cert)
        : bag.asn1;
  if (!node)
    throw refuse(
      '/pkcs12',
      `the PKCS#12 file holds no usable ${kind === 'key' ? 'private key' : 'certificate'}`,
    );
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary');
}

function fromPkcs12(upload: SealUpload): { chain: Buffer[]; key: KeyObject } {
  const { asn1, pkcs12, pki } = forge;
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = Buffer.from(upload.pkcs12 ?? '', 'base64').toString('binary');
    p12 = pkcs12.pkcs12FromAsn1(asn1.fromDer(der), false, upload.password ?? '');
  } catch {
    throw refuse('/pkcs12', 'the PKCS#12 file could not be opened (wrong password or damaged file)');
  }
  const keyBag = [
    ...bagsOf(p12, pki.oids.pkcs8ShroudedKeyBag as string),
    ...bagsOf(p12, pki.oids.keyBag as string),
  ][0];
  if (!keyBag) throw refuse('/pkcs12', 'the PKCS#12 file holds no private key');
  const key = createPrivateKey({ key: bagDer(keyBag, 'key'), format: 'der', type: 'pkcs8' });
  const chain = bagsOf(p12, pki.oids.certBag as string).map((b) => bagDer(b, 'cert'));
  if (chain.length === 0) throw refuse('/pkcs12', 'the PKCS#12 file holds no certificate');
  return { chain, key };
}

const spki = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

/**
 * Reads an uploaded seal certificate and key and checks they belong together; the certificate whose
 * public key matches the private key is put first. Errors are `seal-certificate-invalid` with a pointer.
 */
export function readSealUpload(upload: SealUpload): SealKeyMaterial {
  const { chain, key } = upload.pkcs12 ? fromPkcs12(upload) : fromPem(upload);
  const own = spki(createPublicKey(key));
  const index = chain.findIndex((der) => spki(new X509Certificate(der).publicKey).equals(own));
  if (index < 0) throw refuse('/certificate', 'no certificate matches the private key');
  if (!['rsa', 'ec', 'rsa-pss'].includes(key.asymmetricKeyType ?? ''))
    throw refuse('/privateKey', 'only RSA and EC (P-256, P-384, P-521) seal keys are supported');
  const ordered = [chain[index] as Buffer, ...chain.filter((_, i) => i !== index)];
  return { chain: ordered, privateKeyPkcs8: key.export({ type: 'pkcs8', format: 'der' }) };
}
