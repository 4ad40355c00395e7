const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2430;background:#f5f7fa;line-height:1.5}
main{max-width:52rem;margin:2rem auto;padding:0 1rem}
header.site{background:#12355b;color:#fff;padding:.75rem 1rem}
header.site a{color:#fff;text-decoration:none;font-weight:600}
.card{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:1.25rem 1.5rem;margin-bottom:1rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem} h2{font-size:1.15rem;margin:0 0 .6rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0} dt{color:#5a6675} dd{margin:0;overflow-wrap:anywhere}
code{font-size:.85em;background:#eef2f6;padding:.1em .3em;border-radius:4px;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e6ebf0;vertical-align:top}
.muted{color:#5a6675}.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;background:#e6f4ea;color:#1e6b35}
.badge.retired{background:#eef0f3;color:#555}
`;

/** A complete, self-contained HTML page (no external assets, nothing fetched). */
export function htmlPage(opts: { title: string; lang?: string; body: string; head?: string }): string {
  return `<!doctype html>
<html lang="${esc(opts.lang ?? 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)}</title><style>${STYLE}</style>${opts.head ?? ''}</head>
<body><header class="site"><a href="/">Tilts</a></header><main>${opts.body}</main></body></html>`;
}
