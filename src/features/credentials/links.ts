import type { CredentialDoc } from './credential.model.js';

/**
 * The public renderings of a credential (DESIGN §5) that this service serves: each link answers 200
 * with its media type (a test walks them). `verify` (the /verify page) and `edc` are added once
 * their routes exist.
 */
export function credentialLinks(
  publicUrl: string,
  id: string,
  format: CredentialDoc['format'],
): Record<string, string> {
  const base = `${publicUrl}/credentials/${id}`;
  const badge = format === 'ob3-di' || format === 'ob3-jwt';
  return {
    self: base,
    json: `${base}.json`,
    ...(format === 'ob3-jwt' ? { jwt: `${base}.jwt` } : {}),
    ...(badge ? { pdf: `${base}.pdf`, png: `${base}.png`, svg: `${base}.svg` } : {}),
    qr: `${base}/qr.png`,
    qrSvg: `${base}/qr.svg`,
  };
}
