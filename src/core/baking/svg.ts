import { BakingError } from './errors.js';

/** OB 3.0 §5.3.2.1: the namespace bound to the `openbadges` prefix in a baked SVG. */
export const OB_SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
const ELEMENT = 'openbadges:credential';

/** What is baked into an SVG: the credential's JSON (embedded proof) or its compact JWS (VC-JWT). */
export type BakedCredential = { json: string } | { jwt: string };

interface Tag {
  start: number;
  /** index just past the closing `>` */
  end: number;
  name: string;
  selfClosing: boolean;
  source: string;
}

/** Index past the end of a construct that is not an element (comment, CDATA, PI, DOCTYPE), or -1. */
function skipMarkup(xml: string, at: number): number {
  const close = (marker: string, from: number) => {
    const i = xml.indexOf(marker, from);
    return i < 0 ? xml.length : i + marker.length;
  };
  if (xml.startsWith('<!--', at)) return close('-->', at + 4);
  if (xml.startsWith('<![CDATA[', at)) return close(']]>', at + 9);
  if (xml.startsWith('<?', at)) return close('?>', at + 2);
  if (xml.startsWith('<!', at)) return close('>', at + 2);
  return -1;
}

/** The next start or end tag from `from`, skipping comments, CDATA and processing instructions. */
function nextTag(xml: string, from: number): Tag | undefined {
  let at = xml.indexOf('<', from);
  while (at >= 0) {
    const skipped = skipMarkup(xml, at);
    if (skipped >= 0) {
      at = xml.indexOf('<', skipped);
      continue;
    }
    let quote = '';
    let end = at + 1;
    for (; end < xml.length; end++) {
      const c = xml[end];
      if (quote) quote = c === quote ? '' : quote;
      else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (end >= xml.length) return undefined;
    const source = xml.slice(at, end + 1);
    const name = /^<\/?([^\s/>]+)/.exec(source)?.[1] ?? '';
    return { start: at, end: end + 1, name, selfClosing: source.endsWith('/>'), source };
  }
  return undefined;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return XML_ENTITIES[name] ?? whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name.replace(':', '\\:')}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

/** The prefixes an SVG binds to the Open Badges namespace (plus `openbadges`, as the spec writes it). */
function obPrefixes(rootTag: string): Set<string> {
  const prefixes = new Set(['openbadges']);
  for (const m of rootTag.matchAll(/\sxmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g))
    if (/\/ob\/v3p0\/?$/.test(m[2] ?? '')) prefixes.add(m[1] ?? '');
  return prefixes;
}

function rootSvgTag(svg: string): Tag {
  const tag = nextTag(svg, 0);
  if (!tag || (tag.name !== 'svg' && !tag.name.endsWith(':svg')))
    throw new BakingError('svg-no-credential', 'the file is not an SVG image (no <svg> root element)');
  return tag;
}

/** The text of an element's content: CDATA sections as they are, other text with entities decoded. */
function elementText(svg: string, from: number, closeName: string): string {
  const close = svg.indexOf(`</${closeName}`, from);
  const inner = svg.slice(from, close < 0 ? svg.length : close);
  let text = '';
  for (const part of inner.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    text += part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part);
  }
  return text.trim();
}

/**
 * The credential baked into an SVG (OB 3.0 §5.3.2.2): the `verify` attribute (a compact JWS) of the
 * first `<openbadges:credential>` element, else its content (the JSON, usually in CDATA). Undefined
 * when the SVG has no such element; throws `svg-no-credential` when the file is not an SVG.
 */
export function unbakeSvg(svg: string): string | undefined {
  const root = rootSvgTag(svg);
  const prefixes = obPrefixes(root.source);
  for (let tag = nextTag(svg, root.end); tag; tag = nextTag(svg, tag.end)) {
    const [prefix, local] = tag.name.split(':');
    if (local !== 'credential' || !prefixes.has(prefix ?? '') || tag.source.startsWith('</')) continue;
    const verify = attribute(tag.source, 'verify');
    if (verify) return verify.trim();
    return tag.selfClosing ? undefined : elementText(svg, tag.end, tag.name);
  }
  return undefined;
}

/** Removes earlier `<openbadges:credential>` elements: the spec allows one only. */
function withoutBakedCredential(svg: string): string {
  return svg.replace(
    /<openbadges:credential\b[^>]*?\/>|<openbadges:credential\b[\s\S]*?<\/openbadges:credential\s*>/g,
    '',
  );
}

/** A CDATA section for any text: `]]>` inside is split across two sections (XML 1.0 §2.7). */
const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/**
 * Bakes a signed credential into an SVG (OB 3.0 §5.3.2.1): binds `xmlns:openbadges` on the root
 * `<svg>` and puts one `<openbadges:credential>` directly after it, with a `verify` attribute holding
 * the compact JWS for VC-JWT, or the JSON in CDATA for an embedded proof.
 */
export function bakeSvg(svg: string, credential: BakedCredential): string {
  const clean = withoutBakedCredential(svg);
  const root = rootSvgTag(clean);
  let open = root.selfClosing ? `${root.source.slice(0, -2).trimEnd()}>` : root.source;
  if (!/\sxmlns:openbadges\s*=/.test(open))
    open = `${open.slice(0, -1)} xmlns:openbadges="${OB_SVG_NAMESPACE}">`;
  const element =
    'jwt' in credential
      ? `<${ELEMENT} verify="${credential.jwt.replace(/[&"<]/g, '')}"></${ELEMENT}>`
      : `<${ELEMENT}>${cdata(credential.json)}</${ELEMENT}>`;
  const rest = clean.slice(root.end);
  return `${clean.slice(0, root.start)}${open}${element}${root.selfClosing ? '</svg>' : ''}${rest}`;
}
