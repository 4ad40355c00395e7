import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { buildEuropeanDigitalCredential } from '../../../src/core/edc/build-edc.js';
import { sealEdc, sealHeader, type SealedEdc } from '../../../src/core/edc/seal.js';
import { readSealUpload } from '../../../src/core/edc/seal-upload.js';
import { verifyEdc } from '../../../src/core/edc/verify.js';
import { certificateSerial, createSelfSignedSeal, describeCertificate } from '../../../src/core/edc/x509.js';
import { edcInput, edcReference, SPECS } from '../../fixtures/edc/records.js';

const ref = edcReference();
const NOW = new Date('2025-07-02T00:00:00Z');
const seal = () =>
  createSelfSignedSeal({
    organization: 'Daugavas tehnikums',
    organizationIdentifier: 'NTRLV-90000012345',
    country: 'LV',
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2028-01-01T00:00:00Z'),
  });
const flipByte = (sealed: SealedEdc, at: number): SealedEdc => ({
  ...sealed,
  payload:
    sealed.payload.slice(0, at) +
    String.fromCharCode(sealed.payload.charCodeAt(at) ^ 1) +
    sealed.payload.slice(at + 1),
});
const check = (report: { checks: Array<{ id: string; valid: boolean; code?: string }> }, id: string) =>
  report.checks.find((c) => c.id === id);

describe('core/edc seal (JAdES baseline-B)', () => {
  it('seals an EDC as an enveloping JWS with b64:false, x5c, x5t#S256 and sigT, and it verifies', async () => {
    const material = await seal();
    const credential = buildEuropeanDigitalCredential(edcInput(['lv']));
    const sealed = await sealEdc(credential, material, new Date('2025-07-01T08:00:00.500Z'));
    const header = sealHeader(sealed);
    assert.deepEqual(JSON.parse(sealed.payload), credential);
    assert.equal(header.alg, 'ES256');
    assert.equal((header as Record<string, unknown>).b64, false);
    assert.equal(header.sigT, '2025-07-01T08:00:00Z');
    assert.deepEqual((header as Record<string, unknown>).crit, ['b64', 'sigT']);
    assert.equal(Buffer.from(header.x5c?.[0] ?? '', 'base64').compare(material.chain[0] as Buffer), 0);
    const report = await verifyEdc(sealed, { validate: ref.validate, now: () => NOW });
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.equal(report.trust.seal, 'self-signed');
    assert.ok(report.warnings.some((w) => w.includes('not qualified')));
    assert.ok(report.trust.notChecked.some((n) => n.includes('EU trusted lists')));
  });

  it('fails a sealed EDC whose payload was changed by one byte (signature-invalid)', async () => {
    const sealed = await sealEdc(buildEuropeanDigitalCredential(edcInput(['lv'])), await seal(), NOW);
    const report = await verifyEdc(flipByte(sealed, sealed.payload.indexOf('Daugavas')), {
      validate: ref.validate,
      now: () => NOW,
    });
    assert.equal(report.verified, false);
    assert.equal(check(report, 'seal')?.code, 'signature-invalid');
  });

  it('fails a seal whose x5c certificate is swapped for another key’s (signature-invalid)', async () => {
    const sealed = await sealEdc(buildEuropeanDigitalCredential(edcInput(['lv'])), await seal(), NOW);
    const other = await seal();
    const header = { ...sealHeader(sealed), x5c: [(other.chain[0] as Buffer).toString('base64')] };
    delete (header as Record<string, unknown>)['x5t#S256'];
    const forged = {
      ...sealed,
      signatures: [
        { ...sealed.signatures[0], protected: Buffer.from(JSON.stringify(header)).toString('base64url') },
      ],
    } as SealedEdc;
    const report = await verifyEdc(forged, { validate: ref.validate, now: () => NOW });
    assert.equal(check(report, 'seal')?.code, 'signature-invalid');
  });

  it('reports an unsigned EDC as conforming but not sealed', async () => {
    const report = await verifyEdc(buildEuropeanDigitalCredential(edcInput(['lv'])), {
      validate: ref.validate,
      now: () => NOW,
    });
    assert.equal(check(report, 'format')?.valid, true);
    assert.equal(check(report, 'seal')?.code, 'seal-missing');
    assert.equal(report.verified, false);
  });

  it('reports an expired certificate, and a certificate not valid at the claimed signing time', async () => {
    const sealed = await sealEdc(buildEuropeanDigitalCredential(edcInput(['lv'])), await seal(), NOW);
    const later = await verifyEdc(sealed, {
      validate: ref.validate,
      now: () => new Date('2029-01-01T00:00:00Z'),
    });
    assert.equal(check(later, 'certificate')?.code, 'certificate-expired');
    const early = await sealEdc(
      buildEuropeanDigitalCredential(edcInput(['lv'])),
      await seal(),
      new Date('2024-01-01T00:00:00Z'),
    );
    const report = await verifyEdc(early, { validate: ref.validate, now: () => NOW });
    assert.equal(check(report, 'certificate')?.code, 'certificate-not-valid-at-signing');
  });
});

describe("core/edc the EC's Sample-MC-Annex1-signed.jsonld", () => {
  const signed = JSON.parse(
    readFileSync(join(SPECS, 'samples/Sample-MC-Annex1-signed.jsonld'), 'utf8'),
  ) as SealedEdc;

  it('has a payload that passes our SHACL check', async () => {
    const outcome = await ref.validate(JSON.parse(signed.payload));
    assert.deepEqual(outcome.problems, []);
  });

  it('has a seal whose signature verifies against its own certificate, which claims to be qualified', async () => {
    const report = await verifyEdc(signed, {
      validate: ref.validate,
      now: () => new Date('2024-01-01T00:00:00Z'),
    });
    assert.equal(check(report, 'seal')?.valid, true, JSON.stringify(report.checks));
    assert.equal(check(report, 'certificate')?.valid, true);
    assert.equal(report.trust.seal, 'claims-qualified');
    assert.ok(report.warnings.some((w) => w.includes('not confirmed against the EU trusted list')));
  });

  it('fails once one byte of its payload is flipped', async () => {
    const report = await verifyEdc(flipByte(signed, 5000), {
      validate: ref.validate,
      now: () => new Date('2024-01-01T00:00:00Z'),
    });
    assert.equal(check(report, 'seal')?.code, 'signature-invalid');
    assert.equal(report.verified, false);
  });

  it('reports its certificate expired today, while its signature still verifies', async () => {
    const report = await verifyEdc(signed, {
      validate: ref.validate,
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    assert.equal(check(report, 'seal')?.valid, true);
    assert.equal(check(report, 'certificate')?.code, 'certificate-expired');
  });
});

describe('core/edc readSealUpload', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '0a1b2c';
  cert.validity.notBefore = new Date('2025-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2030-01-01T00:00:00Z');
  const dn = [
    { shortName: 'C', value: 'LV' },
    { shortName: 'O', value: 'Upload Test' },
    { shortName: 'CN', value: 'Upload Test seal' },
  ];
  cert.setSubject(dn);
  cert.setIssuer(dn);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
  cert.sign(forgeKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const p12 = (password: string) =>
    Buffer.from(
      forge.asn1
        .toDer(forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], password, { algorithm: 'aes256' }))
        .getBytes(),
      'binary',
    ).toString('base64');

  it('reads a PEM certificate with its key, and a PKCS#12 file with its password', () => {
    const fromPem = readSealUpload({
      certificate: certPem,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    });
    const fromP12 = readSealUpload({ pkcs12: p12('geheim'), password: 'geheim' });
    for (const m of [fromPem, fromP12])
      assert.equal(
        describeCertificate(m.chain[0] as Buffer).subject,
        'C=LV, O=Upload Test, CN=Upload Test seal',
      );
    assert.deepEqual(fromP12.privateKeyPkcs8, fromPem.privateKeyPkcs8);
  });

  it('refuses a wrong PKCS#12 password and a key that does not match the certificate', async () => {
    assert.throws(() => readSealUpload({ pkcs12: p12('geheim'), password: 'wrong' }), {
      code: 'seal-certificate-invalid',
    });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    assert.throws(() => readSealUpload({ certificate: certPem, privateKey: other }), {
      code: 'seal-certificate-invalid',
    });
    assert.throws(() => readSealUpload({ certificate: 'not a pem', privateKey: other }), {
      code: 'seal-certificate-invalid',
    });
  });

  it('seals with an uploaded RSA key as RS256, verifiable against the uploaded certificate', async () => {
    const material = readSealUpload({ pkcs12: p12('geheim'), password: 'geheim' });
    const sealed = await sealEdc(buildEuropeanDigitalCredential(edcInput(['lv'])), material, NOW);
    assert.equal(sealHeader(sealed).alg, 'RS256');
    const report = await verifyEdc(sealed, { validate: ref.validate, now: () => NOW });
    assert.equal(report.verified, true, JSON.stringify(report.checks));
  });
});

describe('core/edc self-signed seal certificates', () => {
  it('gives every random serial a positive, minimal DER first byte and keeps the rest', () => {
    for (let first = 0; first < 256; first += 1) {
      const random = new Uint8Array([first, 0x00, 0x05, 0x7f, 0x80, 0xff]);
      const serial = certificateSerial(random);
      assert.ok(serial[0]! >= 0x40 && serial[0]! <= 0x7f, `first byte ${first} → ${serial[0]}`);
      assert.deepEqual([...serial.slice(1)], [...random.slice(1)]);
      assert.equal(random[0], first, 'the random bytes are not changed');
    }
  });

  it('makes certificates that Node reads, each with its own serial (a leading zero byte was refused 1 in 256)', async () => {
    const serials = new Set<string>();
    for (let i = 0; i < 64; i += 1) {
      const certificate = new X509Certificate((await seal()).chain[0] as Buffer);
      assert.match(certificate.serialNumber, /^[4-7][0-9A-F]{31}$/);
      serials.add(certificate.serialNumber);
    }
    assert.equal(serials.size, 64);
  });
});
