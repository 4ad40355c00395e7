/**
 * Page rows of `npm run bench`: the credential page over HTTP (its verification included), and the
 * render alone (facts read from the credential + HTML) against a report computed once.
 */
import type { Request, Response } from 'express';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config.js';
import type { VerificationReport } from '../src/core/verify/types.js';
import { renderCredentialPage } from '../src/features/pages/credential.page.js';
import { readCredentialFacts } from '../src/core/certificate/facts.js';
import { loadAssets } from '../src/http/assets.js';
import { createPageShells } from '../src/http/html.js';
import { loadCatalogues } from '../src/i18n/index.js';
import { row, timed as timedBy, type Timed } from './bench-lib.js';

type Issued = { id?: unknown; credential?: unknown; links?: unknown };

export async function benchPages(
  base: string,
  issued: Issued[],
  timed: (count: number, work: (i: number) => Promise<unknown>) => Promise<Timed<unknown>>,
  n: number,
) {
  const page = (i: number) => `${base}/credentials/${String(issued[i % issued.length]!.id)}?lang=lv`;
  const html = { headers: { accept: 'text/html' } };
  row(
    'GET credential page (HTML)',
    await timed(n, (i) => fetch(page(i), html).then((r) => r.text())),
    'its verification included',
  );

  const credential = issued[0]!.credential as Record<string, unknown>;
  const report = (await (
    await fetch(`${base}/credentials/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verifiableCredential: credential }),
    })
  ).json()) as VerificationReport;
  const own = (name: string) => [name, join(PROJECT_ROOT, 'assets', name)];
  const shells = createPageShells({
    catalogues: loadCatalogues(),
    assets: loadAssets(Object.fromEntries(['site.css', 'site.js', 'favicon.svg'].map(own))),
  });
  const req = {
    method: 'GET',
    originalUrl: '/credentials/x?lang=lv',
    path: '/credentials/x',
    query: { lang: 'lv' },
    get: () => undefined,
  };
  const res = { vary: () => res, setHeader: () => res };
  const links = issued[0]!.links as Record<string, string>;
  row(
    'render credential page only (1 client)',
    await timedBy(n, 1, async () => {
      const shell = shells(req as unknown as Request, res as unknown as Response);
      const facts = readCredentialFacts(credential);
      return renderCredentialPage({ id: String(credential.id), facts, report, links }, shell);
    }),
    '≤ 20 ms median',
  );
}
