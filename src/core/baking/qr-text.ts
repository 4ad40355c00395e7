import { BakingError } from './errors.js';
import { COMPACT_JWS } from './sniff.js';

/** What a QR code on a certificate or badge says. */
export type QrContent =
  | { kind: 'own'; credentialId: string }
  | { kind: 'credential'; text: string }
  | { kind: 'link'; link: string };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function parseUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies the text of a decoded QR code: a link to a credential on this service (its page or a
 * JSON rendering, or the verify page pre-filled with one), a credential itself (JSON or compact JWS),
 * or any other web link, which is reported and never fetched here. Anything else is
 * `qr-no-credential`.
 */
export function classifyQrText(raw: string, publicUrl: string, depth = 0): QrContent {
  const text = raw.trim();
  if (COMPACT_JWS.test(text) || text.startsWith('{')) return { kind: 'credential', text };
  const own = new RegExp(
    `^${escapeRegExp(publicUrl)}/credentials/([A-Za-z0-9-]+)(?:\\.json|\\.jwt)?/?(?:[?#].*)?$`,
  ).exec(text);
  if (own?.[1]) return { kind: 'own', credentialId: own[1] };
  const url = parseUrl(text);
  if (!url) throw new BakingError('qr-no-credential', 'the QR code holds neither a link nor a credential');
  const inner = url.searchParams.get('credential');
  if (depth === 0 && inner && `${url.origin}${url.pathname}` === `${publicUrl}/verify`)
    return classifyQrText(inner, publicUrl, 1);
  return { kind: 'link', link: url.href };
}
