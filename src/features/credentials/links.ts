import type { CredentialDoc } from './credential.model.js';

/**
 * The public renderings of a credential (DESIGN §5) that this service serves: each link answers 200
 * with its media type (a test walks them). `verify` is the /verify page pre-filled with this credential.
 * Credentials issued from records (any format but `vc-di`) hold an Open Badge, so they have a
 * certificate, badges and an EDC; one signed through the VC-API may be anything.
 */
export function credentialLinks(
  publicUrl: string,
  id: string,
  format: CredentialDoc['format'],
): Record<string, string> {
  const base = `${publicUrl}/credentials/${id}`;
  const fromRecords = format !== 'vc-di';
  return {
    self: base,
    json: `${base}.json`,
    ...(format === 'ob3-jwt' ? { jwt: `${base}.jwt` } : {}),
    ...(fromRecords ? { pdf: `${base}.pdf`, png: `${base}.png`, svg: `${base}.svg` } : {}),
    qr: `${base}/qr.png`,
    qrSvg: `${base}/qr.svg`,
    ...(fromRecords ? { edc: `${base}/edc.json` } : {}),
    verify: `${publicUrl}/verify?${new URLSearchParams({ credential: base }).toString()}`,
  };
}
