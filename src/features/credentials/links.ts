/** The public renderings of a credential (DESIGN.md §5); some are built by later features. */
export function credentialLinks(publicUrl: string, id: string, format: string): Record<string, string> {
  const base = `${publicUrl}/credentials/${id}`;
  return {
    self: base,
    json: `${base}.json`,
    ...(format === 'ob3-jwt' ? { jwt: `${base}.jwt` } : {}),
    pdf: `${base}.pdf`,
    png: `${base}.png`,
    svg: `${base}.svg`,
    qr: `${base}/qr.png`,
    edc: `${base}/edc.json`,
    verify: `${publicUrl}/verify?credential=${encodeURIComponent(base)}`,
  };
}
