const SEGMENT = /^[A-Za-z0-9._~%-]+$/;

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function safeSegment(segment: string): boolean {
  const plain = decoded(segment);
  return (
    SEGMENT.test(segment) && plain !== undefined && plain !== '.' && plain !== '..' && !plain.includes('/')
  );
}

/**
 * The https URL of a did:web DID document (did:web Method Specification §3.2 "Read (Resolve)"):
 * colons separate path segments, a percent-encoded port stays with the host, and a DID without a path
 * lives under /.well-known/. Returns undefined for anything that is not a well-formed did:web.
 */
export function didWebToUrl(did: string): string | undefined {
  const match = /^did:web:([^#?/]+)$/.exec(did);
  if (!match?.[1]) return undefined;
  const [hostPart = '', ...path] = match[1].split(':');
  const host = decoded(hostPart);
  if (host === undefined || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) return undefined;
  if (!path.every(safeSegment)) return undefined;
  const pathname = path.length > 0 ? `/${path.join('/')}` : '/.well-known';
  return `https://${host.toLowerCase()}${pathname}/did.json`;
}
