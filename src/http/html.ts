import type { Request, Response } from 'express';
import { LANGUAGES, type Lang } from '../core/types.js';
import { negotiateLanguage, translator, type Catalogue, type Translate } from '../i18n/index.js';
import type { AssetStore } from './assets.js';

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

/**
 * A plain page for the few views not yet on the shared layout (no language switcher). It links the
 * stylesheet by its plain name; no inline style or script, so it renders under the strict CSP.
 */
export function htmlPage(opts: { title: string; lang?: string; body: string; head?: string }): string {
  return `<!doctype html>
<html lang="${esc(opts.lang ?? 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)}</title><link rel="stylesheet" href="/assets/site.css">${opts.head ?? ''}</head>
<body><header class="site"><div class="bar"><a class="brand" href="/">Tilts</a></div></header>
<main id="main">${opts.body}</main></body></html>`;
}

export interface PageOptions {
  title: string;
  body: string;
  /** credential pages: reachable only by their link, never indexed */
  noindex?: boolean;
  /** extra stylesheet and script assets (plain names) this page needs */
  styles?: string[];
  scripts?: string[];
  /** the page's main column may be wider (the API viewer) */
  wide?: boolean;
}

/** One request's view of the layout: its language, its translator, and the page shell. */
export interface PageShell {
  lang: Lang;
  t: Translate;
  /** an internal link that keeps a language chosen with ?lang= */
  href(path: string): string;
  render(opts: PageOptions): string;
}

/** The page shell of a request (its language negotiated from it). */
export type PageShells = (req: Request, res: Response) => PageShell;

export interface PageShellDeps {
  catalogues: Readonly<Record<Lang, Catalogue>>;
  assets: AssetStore;
}

function withLang(path: string, lang: Lang): string {
  const [base = '', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${base}?${params.toString()}`;
}

function switcher(req: Request, current: Lang, deps: PageShellDeps, t: Translate): string {
  const here = req.method === 'GET' ? req.originalUrl : req.path;
  const links = LANGUAGES.map((lang) => {
    const name = deps.catalogues[lang]['language.native'] ?? lang;
    const attrs = lang === current ? ' aria-current="true"' : '';
    return `<li><a href="${esc(withLang(here, lang))}" lang="${lang}" hreflang="${lang}"${attrs}>${esc(name)}</a></li>`;
  });
  return `<nav class="langs" aria-label="${esc(t('layout.languages'))}"><ul>${links.join('')}</ul></nav>`;
}

function layout(req: Request, shell: PageShell, deps: PageShellDeps, opts: PageOptions): string {
  const { t, lang, href } = shell;
  const styles = ['site.css', ...(opts.styles ?? [])]
    .map((name) => `<link rel="stylesheet" href="${esc(deps.assets.url(name))}">`)
    .join('');
  const scripts = ['site.js', ...(opts.scripts ?? [])]
    .map((name) => `<script src="${esc(deps.assets.url(name))}" defer></script>`)
    .join('');
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${opts.noindex ? '<meta name="robots" content="noindex, nofollow">' : ''}<title>${esc(opts.title)} · Tilts</title>
<link rel="icon" href="${esc(deps.assets.url('favicon.svg'))}" type="image/svg+xml">${styles}${scripts}</head>
<body><a class="skip" href="#main">${esc(t('layout.skip'))}</a>
<header class="site"><div class="bar"><a class="brand" href="${esc(href('/'))}">Tilts</a>
<nav class="main-nav" aria-label="${esc(t('layout.navigation'))}"><ul>
<li><a href="${esc(href('/verify'))}">${esc(t('layout.nav.verify'))}</a></li>
<li><a href="/docs">${esc(t('layout.nav.developers'))}</a></li></ul></nav>
${switcher(req, lang, deps, t)}</div></header>
<main id="main" tabindex="-1"${opts.wide ? ' class="wide"' : ''}>${opts.body}</main>
<footer class="site"><p>${esc(t('layout.footer'))}</p></footer></body></html>`;
}

/**
 * Page shells for every HTML page: the language is `?lang=`, then Accept-Language, then English;
 * the answer says which (Content-Language) and varies on what decided it.
 */
export function createPageShells(deps: PageShellDeps): PageShells {
  return (req, res) => {
    const chosen = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const lang = negotiateLanguage(req.query.lang, req.get('accept-language'));
    const t = translator(deps.catalogues, lang);
    res.vary('Accept-Language').setHeader('Content-Language', lang);
    const keep = chosen === lang;
    const shell: PageShell = {
      lang,
      t,
      href: (path) => (keep ? withLang(path, lang) : path),
      render: (opts) => layout(req, shell, deps, opts),
    };
    return shell;
  };
}

/** Answers a request instead of a problem+json when it came from a browser; false when it did not. */
export type PageInstead = (req: Request, res: Response) => boolean;

/** Media types a program asks for: any of them preferred over text/html keeps the problem+json. */
const PROGRAM_TYPES = ['application/json', 'application/problem+json', 'application/ld+json'];

/** A browser's request: it prefers text/html to every media type a program asks for. */
export const prefersHtml = (req: Request): boolean =>
  req.accepts([...PROGRAM_TYPES, 'text/html']) === 'text/html';

/**
 * The page a browser gets while the service cannot answer (the store is down or frozen, the request
 * ran out of time): status 503 in the reader's language, "cannot check right now, try later" — never
 * a verdict on the credential, and nothing about what failed inside.
 */
export function outagePage(shells: PageShells): PageInstead {
  return (req, res) => {
    if (!prefersHtml(req)) return false;
    const shell = shells(req, res);
    const { t, href } = shell;
    const body = `<section class="result unchecked" data-state="unavailable" aria-labelledby="outage-title">
<h1 id="outage-title">${esc(t('outage.heading'))}</h1>
<p>${esc(t('outage.text'))}</p><p>${esc(t('outage.retry'))}</p></section>
<p><a href="${esc(href('/verify'))}">${esc(t('outage.verify'))}</a></p>`;
    res.vary('Accept').setHeader('Cache-Control', 'no-store');
    res
      .status(503)
      .type('html')
      .send(shell.render({ title: t('outage.title'), body, noindex: true }));
    return true;
  };
}
