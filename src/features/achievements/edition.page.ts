import type { Lang } from '../../core/types.js';
import { esc, htmlPage } from '../../http/html.js';

type Json = Record<string, unknown>;

const LABELS: Record<Lang, Record<string, string>> = {
  en: { version: 'Version', field: 'Field', credits: 'Credits', newer: 'A newer version exists' },
  lv: { version: 'Versija', field: 'Joma', credits: 'Kredītpunkti', newer: 'Ir jaunāka versija' },
  lt: { version: 'Versija', field: 'Sritis', credits: 'Kreditai', newer: 'Yra naujesnė versija' },
};

/** A person's view of one edition: the same document the JSON-LD answer carries. */
export function renderEdition(achievement: Json, lang: Lang, latestUrl?: string): string {
  const l = LABELS[lang];
  const alignments = (achievement.alignment as Json[] | undefined) ?? [];
  const rows = alignments
    .map(
      (a) =>
        `<tr><td>${esc(a.targetFramework ?? a.targetType ?? '')}</td><td><a href="${esc(a.targetUrl)}" rel="noopener">${esc(a.targetName)}</a>${a.targetDescription ? `<div class="muted">${esc(a.targetDescription)}</div>` : ''}</td></tr>`,
    )
    .join('');
  const criteria = (achievement.criteria as { narrative?: string } | undefined)?.narrative ?? '';
  const credits =
    achievement.creditsAvailable === undefined
      ? ''
      : `<dt>${l.credits} (ECTS)</dt><dd>${esc(achievement.creditsAvailable)}</dd>`;
  const newer = latestUrl ? `<p><a href="${esc(latestUrl)}">${l.newer}</a></p>` : '';
  const body = `<div class="card"><h1>${esc(achievement.name)}</h1>${newer}<p>${esc(achievement.description)}</p>
<dl>${credits}<dt>${l.field}</dt><dd>${esc(achievement.fieldOfStudy)}</dd>
<dt>${l.version}</dt><dd>${esc(achievement.version)}</dd><dt>Id</dt><dd><code>${esc(achievement.id)}</code></dd></dl></div>
<div class="card"><pre style="white-space:pre-wrap">${esc(criteria)}</pre></div>
<div class="card"><table>${rows}</table>
<p class="muted"><a href="?format=json">JSON-LD</a></p></div>`;
  return htmlPage({ title: String(achievement.name), lang, body });
}
