import { createHash, X509Certificate } from 'node:crypto';
import { errors as joseErrors, generalVerify } from 'jose';
import { SEAL_ALGORITHMS, sealHeader, type SealedEdc } from './seal.js';
import { describeCertificate, type CertificateInfo } from './x509.js';

export interface SealCheck {
  valid: boolean;
  code?:
    | 'seal-missing'
    | 'seal-malformed'
    | 'seal-certificate-missing'
    | 'seal-certificate-mismatch'
    | 'signature-invalid';
  detail: string;
  leaf?: X509Certificate;
  chain?: X509Certificate[];
  signingTime?: Date;
}

const CRITICAL = { sigT: true, adoTst: true } as const;

function certificates(x5c: unknown): X509Certificate[] | undefined {
  if (!Array.isArray(x5c) || x5c.length === 0) return undefined;
  try {
    return x5c.map((c) => new X509Certificate(Buffer.from(String(c), 'base64')));
  } catch {
    return undefined;
  }
}

const sealFailure = (code: NonNullable<SealCheck['code']>, detail: string): SealCheck => ({
  valid: false,
  code,
  detail,
});

/** The leaf and chain of the header's `x5c`, or why the seal cannot name the key that made it. */
function sealCertificates(
  header: ReturnType<typeof sealHeader>,
): { leaf: X509Certificate; chain: X509Certificate[] } | SealCheck {
  const chain = certificates(header.x5c);
  const leaf = chain?.[0];
  if (!chain || !leaf)
    return sealFailure('seal-certificate-missing', 'the seal carries no readable x5c certificate');
  const digest = createHash('sha256').update(leaf.raw).digest('base64url');
  if (header['x5t#S256'] && header['x5t#S256'] !== digest)
    return sealFailure('seal-certificate-mismatch', 'x5t#S256 does not match the x5c certificate');
  return { leaf, chain };
}

/** Only a signature that was checked and failed is `signature-invalid`; anything else could not be checked. */
async function verifyJws(sealed: SealedEdc, leaf: X509Certificate): Promise<SealCheck | undefined> {
  try {
    await generalVerify(sealed as never, leaf.publicKey, {
      crit: CRITICAL,
      algorithms: [...SEAL_ALGORITHMS, 'PS256', 'PS384', 'PS512', 'RS384', 'RS512'],
    });
    return undefined;
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      return sealFailure('signature-invalid', 'the seal signature does not verify: the content was changed');
    return sealFailure('seal-malformed', `the seal could not be checked: ${(error as Error).message}`);
  }
}

/**
 * The seal's signature against its own leaf certificate (RFC 7515 §5.2, RFC 7797; JAdES
 * ETSI TS 119 182-1 `x5c`, `x5t#S256`, `sigT`). A signature that does not verify is `signature-invalid`;
 * a seal that cannot be read is `seal-malformed`, never "not genuine".
 */
export async function checkSealSignature(sealed: SealedEdc): Promise<SealCheck> {
  let header;
  try {
    header = sealHeader(sealed);
  } catch {
    return sealFailure('seal-malformed', 'the seal header is not base64url JSON');
  }
  const certs = sealCertificates(header);
  if ('valid' in certs) return certs;
  const { leaf, chain } = certs;
  const signingTime = header.sigT ? new Date(header.sigT) : undefined;
  const failed = await verifyJws(sealed, leaf);
  if (failed) return failed;
  const info = describeCertificate(Buffer.from(leaf.raw));
  return {
    valid: true,
    detail: `signature ${header.alg} verifies with the certificate of ${info.subject}`,
    leaf,
    chain,
    signingTime: signingTime && !Number.isNaN(signingTime.getTime()) ? signingTime : undefined,
  };
}

export interface CertificateCheck {
  valid: boolean;
  code?:
    | 'certificate-chain-invalid'
    | 'certificate-not-valid-at-signing'
    | 'certificate-expired'
    | 'certificate-not-yet-valid';
  detail: string;
  info: CertificateInfo;
}

/** The index of the first certificate of `x5c` not signed by the next one, if any. */
function firstUnsignedLink(chain: X509Certificate[]): number | undefined {
  for (let i = 0; i + 1 < chain.length; i += 1) {
    const [child, parent] = [chain[i] as X509Certificate, chain[i + 1] as X509Certificate];
    if (!child.verify(parent.publicKey)) return i;
  }
  return undefined;
}

/** RFC 5280 §6 basics offline: each certificate of `x5c` signed by the next, and the seal's validity period. */
export function checkCertificate(
  chain: X509Certificate[],
  signingTime: Date | undefined,
  now: Date,
): CertificateCheck {
  const info = describeCertificate(Buffer.from((chain[0] as X509Certificate).raw));
  const unsigned = firstUnsignedLink(chain);
  if (unsigned !== undefined)
    return {
      valid: false,
      code: 'certificate-chain-invalid',
      detail: `x5c[${unsigned}] is not signed by x5c[${unsigned + 1}]`,
      info,
    };
  const from = new Date(info.notBefore);
  const until = new Date(info.notAfter);
  if (signingTime && (signingTime < from || signingTime > until))
    return {
      valid: false,
      code: 'certificate-not-valid-at-signing',
      detail: `the certificate was not valid at the claimed signing time ${signingTime.toISOString()}`,
      info,
    };
  if (now < from)
    return {
      valid: false,
      code: 'certificate-not-yet-valid',
      detail: `the certificate is valid from ${info.notBefore}`,
      info,
    };
  if (now > until)
    return {
      valid: false,
      code: 'certificate-expired',
      detail: `the certificate expired on ${info.notAfter}${signingTime ? ` (it was valid when the seal claims to have been made, ${signingTime.toISOString()}; no timestamp proving that time was checked)` : ''}`,
      info,
    };
  return { valid: true, detail: `valid ${info.notBefore} – ${info.notAfter}`, info };
}
