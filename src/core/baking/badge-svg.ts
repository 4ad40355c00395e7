/** Text set in a real font: widths for line breaking and outlines, so the badge looks the same everywhere. */
export interface TextShaper {
  width(text: string, size: number, bold: boolean): number;
  /** one line of text as SVG path data, baseline at y = 0, starting at x = 0 */
  path(text: string, size: number, bold: boolean): string;
}

export interface BadgeText {
  title: string;
  issuer: string;
  /** the kind of credential, e.g. "MICRO-CREDENTIAL", in the credential's language */
  kicker: string;
}

const SIZE = 400;
const COLORS = { ring: '#1f3a5f', gold: '#c9a227', title: '#111827', issuer: '#374151' };

export const escapeXml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/** Splits a word wider than the line into pieces that fit. */
function splitWord(word: string, fits: (text: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece && !fits(piece + char)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return piece ? [...pieces, piece] : pieces;
}

/** Greedy line breaking at spaces; a word longer than a line is broken inside. */
export function wrapText(text: string, fits: (line: string) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) line = candidate;
    else {
      if (line) lines.push(line);
      const pieces = fits(word) ? [word] : splitWord(word, fits);
      line = pieces.pop() ?? '';
      lines.push(...pieces);
    }
  }
  return line ? [...lines, line] : lines;
}

interface Block {
  lines: string[];
  size: number;
}

/** The largest size at which the text fits in `maxLines`; at the smallest, the last line ends in "…". */
function fitBlock(
  text: string,
  shaper: TextShaper,
  opts: { width: number; sizes: number[]; maxLines: number; bold: boolean },
): Block {
  const { width, sizes, maxLines, bold } = opts;
  for (const size of sizes) {
    const lines = wrapText(text, (l) => shaper.width(l, size, bold) <= width);
    if (lines.length <= maxLines) return { lines, size };
  }
  const size = sizes.at(-1) ?? 12;
  const lines = wrapText(text, (l) => shaper.width(l, size, bold) <= width).slice(0, maxLines);
  let last = lines.pop() ?? '';
  while (last && shaper.width(`${last}…`, size, bold) > width) last = last.slice(0, -1);
  return { lines: [...lines, `${last.trimEnd()}…`], size };
}

/** Paths of the lines of a block, centred on x = 200, the first baseline at `top`. */
function blockPaths(block: Block, top: number, shaper: TextShaper, bold: boolean, fill: string): string {
  const lineHeight = block.size * 1.2;
  return block.lines
    .map((line, i) => {
      const x = (SIZE - shaper.width(line, block.size, bold)) / 2;
      const y = top + i * lineHeight;
      const d = shaper.path(line, block.size, bold);
      return `<path transform="translate(${x.toFixed(2)} ${y.toFixed(2)})" fill="${fill}" d="${d}"/>`;
    })
    .join('');
}

/**
 * The default badge image when an achievement has none (OB 3.0 Image is optional): a medal that
 * names the achievement and its issuer, with the text as outlines so no font is needed to show it.
 */
export function defaultBadgeSvg(text: BadgeText, shaper: TextShaper): string {
  const title = fitBlock(text.title, shaper, {
    width: 270,
    sizes: [30, 26, 22, 19, 16, 14],
    maxLines: 4,
    bold: true,
  });
  const issuer = fitBlock(text.issuer, shaper, { width: 230, sizes: [15, 13], maxLines: 2, bold: false });
  const kicker = fitBlock(text.kicker.toUpperCase(), shaper, {
    width: 220,
    sizes: [14, 12, 10],
    maxLines: 1,
    bold: true,
  });
  const titleHeight = title.lines.length * title.size * 1.2;
  const titleTop = 215 - titleHeight / 2 + title.size * 0.9;
  const label = escapeXml(`${text.title} — ${text.issuer}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${label}">`,
    `<title>${label}</title>`,
    `<circle cx="200" cy="200" r="196" fill="${COLORS.ring}"/>`,
    `<circle cx="200" cy="200" r="182" fill="none" stroke="${COLORS.gold}" stroke-width="4"/>`,
    `<circle cx="200" cy="200" r="172" fill="#ffffff"/>`,
    blockPaths(kicker, 108, shaper, true, COLORS.ring),
    `<rect x="170" y="120" width="60" height="3" fill="${COLORS.gold}"/>`,
    blockPaths(title, titleTop, shaper, true, COLORS.title),
    blockPaths(issuer, 308, shaper, false, COLORS.issuer),
    '</svg>',
  ].join('');
}

/** An SVG that shows a PNG badge image as it is, so a PNG-only badge can be baked as SVG too. */
export function svgAroundPng(
  png: Uint8Array,
  size: { width: number; height: number },
  label: string,
): string {
  const { width, height } = size;
  const href = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}">`,
    `<title>${escapeXml(label)}</title>`,
    `<image width="${width}" height="${height}" href="${href}"/>`,
    '</svg>',
  ].join('');
}
