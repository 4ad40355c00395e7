import { ERROR_STATUS, titleOf, type ErrorCode } from '../../errors.js';
import { esc, htmlPage } from '../../http/html.js';

type Json = Record<string, unknown>;

const pretty = (value: unknown): string => `<pre><code>${esc(JSON.stringify(value, null, 2))}</code></pre>`;

function renderOperation(path: string, method: string, op: Json): string {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const content = (op.requestBody as { content?: Record<string, Json> } | undefined)?.content ?? {};
  const body = content['application/json'];
  const others = Object.keys(content).filter((type) => type !== 'application/json');
  const responses = Object.entries(op.responses as Record<string, Json>)
    .map(([status, r]) => `<tr><td><code>${esc(status)}</code></td><td>${esc(r.description)}</td></tr>`)
    .join('');
  const security = (op.security as Json[]).map((s) => Object.keys(s)[0]).join(' or ') || 'public';
  return `<section class="card" id="${esc(op.operationId)}">
<h3><code>${esc(method.toUpperCase())} ${esc(path)}</code></h3><p>${esc(op.summary)}</p>
${op.description ? `<p class="muted">${esc(op.description)}</p>` : ''}
<p><strong>Auth:</strong> ${esc(security)}</p>
${params.length ? `<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${esc(p.description)}</td></tr>`).join('')}</table>` : ''}
${body ? `<p><strong>Request body</strong> (<code>${esc((body.schema as Json).$ref)}</code>), example:</p>${pretty(body.example)}` : ''}
${others.map((t) => `<p><strong>Or</strong> <code>${esc(t)}</code>: ${esc((content[t]?.schema as Json | undefined)?.description)}</p>`).join('')}
<table><tr><th>Status</th><th>Meaning</th></tr>${responses}</table></section>`;
}

/** /docs: the API reference generated from /openapi.json, plus the catalogue of problem codes. */
export function renderDocsPage(openapi: Json): string {
  const paths = openapi.paths as Record<string, Record<string, Json>>;
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = (op.tags as string[])[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(path, method, op)]);
    }
  }
  const toc = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(' · ');
  const sections = [...byTag.entries()]
    .map(([tag, ops]) => `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2>${ops.join('')}`)
    .join('');
  const problems = (Object.keys(ERROR_STATUS) as ErrorCode[])
    .map(
      (code) =>
        `<tr id="problem-${esc(code)}"><td><code>${esc(code)}</code></td><td>${ERROR_STATUS[code]}</td><td>${esc(titleOf(code))}</td></tr>`,
    )
    .join('');
  const body = `<h1>Tilts API reference</h1>
<p>Every endpoint, generated from <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Send JSON with
<code>Content-Type: application/json</code> and <code>Authorization: Bearer &lt;token&gt;</code>. The request examples,
posted in order (issuer, achievement, learner) with real ids in <code>…Id</code> fields, work as they are.</p>
<p>${toc} · <a href="#problems">Problem codes</a></p>${sections}
<h2 id="problems">Problem codes</h2><div class="card"><p>Errors are RFC 9457 <code>application/problem+json</code> with a stable
<code>code</code> and <code>errors[{pointer, detail}]</code> pointing at the offending request fields.</p>
<table><tr><th>code</th><th>status</th><th>title</th></tr>${problems}</table></div>`;
  return htmlPage({ title: 'Tilts API reference', body });
}
