import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LANGUAGES, type Lang } from '../../src/core/types.js';
import { SUPERVISION } from '../../src/core/vocab/supervision.js';
import { bearer, type IssuerFixture } from '../helpers/app.js';
import { binary, trilingualAchievement } from '../features/renderings/helpers.js';
import {
  PHONE,
  WAIT,
  browserSuite,
  createIssuer,
  pasteAndVerify,
  screenshot,
  text,
  verdictOf,
  type LiveApp,
} from './browser.js';

type Doc = Record<string, unknown>;
interface Issued {
  id: string;
  credential: Doc & { credentialSubject: { achievement: Doc & { id: string } } };
  links: Record<string, string>;
}

const LOCALE: Record<Lang, string> = { lv: 'lv-LV', en: 'en-GB', lt: 'lt-LT' };
const PARENT_TITLE = {
  lv: 'Atjaunīgās enerģijas tehniķis',
  en: 'Renewable energy technician',
  lt: 'Atsinaujinančios energijos technikas',
};

/** The definitions-era elements each page must state, in each language, for the national-credit credential. */
const NATIONAL: Record<Lang, { workload: string; mode: string; partOf: string }> = {
  lv: {
    workload: '4 kredītpunkti (Latvijas profesionālās izglītības kredītpunkti) · 120 stundu',
    mode: 'Integrēta, uzkrājama citas kvalifikācijas iegūšanai',
    partOf: 'Ietilpst',
  },
  en: {
    workload: '4 credits (Latvian VET credit points) · 120 hours',
    mode: 'Integrated, stackable towards another credential',
    partOf: 'Part of',
  },
  lt: {
    workload: '4 kreditai (Latvijos profesinio mokymo kreditai) · 120 valandų',
    mode: 'Integruotas, kaupiamas siekiant kito kredencialo',
    partOf: 'Įeina į',
  },
};
const ECTS_WORKLOAD: Record<Lang, string> = {
  lv: '3 kredītpunkti (ECTS) · 80 stundu',
  en: '3 credits (ECTS) · 80 hours',
  lt: '3 kreditai (ECTS) · 80 valandų',
};

/** Label → value of every row of the facts list, as the browser renders them. */
async function rowsOf(page: Page): Promise<Record<string, string>> {
  const pairs = await page
    .locator('dl.pairs > div')
    .evaluateAll((divs) =>
      divs.map((d) => [
        d.querySelector('dt')?.textContent ?? '',
        (d.querySelector('dd') as HTMLElement).innerText,
      ]),
    );
  return Object.fromEntries(pairs);
}

/** pdftotext of a PDF, with line breaks and runs of spaces folded (long values wrap). */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'tilts-facts-pdf-'));
  try {
    writeFileSync(join(dir, 'c.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' })
      .replace(/\s+/g, ' ')
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('definitions-era elements on the credential page, the verify page and the PDF', function () {
  this.timeout(300_000);
  const suite = browserSuite('credential_facts');
  let t: LiveApp;
  let issuer: IssuerFixture;
  let parentId: string;
  let national: Issued;
  let ects: Issued;
  let hoursOnly: Issued;

  const open = (url: string, lang: Lang): Promise<Page> =>
    suite.open(url, { ...PHONE, locale: LOCALE[lang] });
  const define = async (changes: Doc): Promise<string> => {
    const res = await t.http
      .post('/api/v1/achievements')
      .set(...bearer(issuer.apiKey))
      .send({ ...trilingualAchievement(), ...changes });
    assert.equal(res.status, 201, res.text);
    return res.body.id as string;
  };
  const issue = async (achievementId: string, language: Lang): Promise<Issued> => {
    const res = await t.http
      .post('/api/v1/credentials')
      .set(...bearer(issuer.apiKey))
      .send({
        achievementId,
        language,
        result: { value: '9' },
        learner: { givenName: 'Ģirts', familyName: 'Ķēniņš', email: `g${Date.now()}${language}@example.lv` },
      });
    assert.equal(res.status, 201, res.text);
    return res.body as Issued;
  };
  const pdfOf = async (issued: Issued): Promise<Buffer> => {
    const res = await binary(t.http.get(`/credentials/${issued.id}.pdf`));
    assert.equal(res.status, 200);
    return res.body as Buffer;
  };

  before(async () => {
    t = suite.t;
    issuer = await createIssuer(t);
    parentId = await define({ title: PARENT_TITLE });
    const child = await define({
      workload: { hours: 120, credits: { system: 'lv-vet', value: 4 } },
      supervision: 'unsupervised-with-id-verification',
      awardingBody: {
        name: { lv: 'Rīgas domes Izglītības departaments', en: 'Riga City Education Department' },
        country: 'LV',
        url: 'https://www.riga.lv/izglitiba',
      },
      stackability: { mode: 'integrated', isPartOf: [parentId], combines: [] },
    });
    const plain = await define({
      workload: { hours: 40 },
      title: { lv: 'Īss kurss', en: 'Short course', lt: 'Trumpas kursas' },
    });
    national = await issue(child, 'lv');
    ects = await issue(parentId, 'lt');
    hoursOnly = await issue(plain, 'en');
  });
  for (const lang of LANGUAGES) {
    it(`${lang}: national credits and hours, EU supervision label, QA and awarding body, stackability linked by title`, async () => {
      const page = await open(`${national.links.self}?lang=${lang}`, lang);
      const say = text(lang);
      assert.equal(await verdictOf(page), 'verified');
      const rows = await rowsOf(page);
      assert.equal(rows[say('facts.workload')], NATIONAL[lang].workload);
      assert.doesNotMatch(
        await page.locator('section.facts').innerText(),
        /ECTS/,
        'a national unit is never ECTS',
      );
      const supervision = SUPERVISION.get('unsupervised-with-id-verification');
      assert.equal(rows[say('facts.supervision')], supervision?.label[lang]);
      const qa = rows[say('facts.qualityAssurance')] ?? '';
      assert.equal(
        qa.split('Izglītības kvalitātes valsts dienests').length - 1,
        1,
        `the QA body once: ${qa}`,
      );
      assert.match(
        qa,
        new RegExp(`${say('facts.qualityAssuranceBody')}: Izglītības kvalitātes valsts dienests`),
      );
      const country = { lv: 'Latvija', en: 'Latvia', lt: 'Latvija' }[lang];
      assert.equal(rows[say('facts.awardingBody')], `Rīgas domes Izglītības departaments, ${country}`);
      assert.equal(
        rows[say('facts.stackability')],
        `${NATIONAL[lang].mode}\n${NATIONAL[lang].partOf}: ${PARENT_TITLE.lv}`,
      );
      const parent = page.locator('dl.pairs a', { hasText: PARENT_TITLE.lv });
      assert.equal(await parent.getAttribute('href'), `${t.origin}/achievements/${parentId}`);
      if (lang === 'lv') await screenshot(page, 'credential-facts-national-lv-phone');
      await Promise.all([page.waitForURL(/\/v\/\d+\//, { timeout: WAIT }), parent.click()]);
      assert.match(
        page.url(),
        new RegExp(`/achievements/${parentId}/v/2/${lang}$`),
        'the edition in the reader’s language',
      );
      assert.equal(await page.locator('h1').innerText(), PARENT_TITLE[lang]);
    });
  }

  it('links the exact edition that was signed, and it serves the achievement the credential embeds', async () => {
    const page = await open(`${national.links.self}?lang=en`, 'en');
    const edition = page.locator('dl.pairs a', { hasText: 'version 1' });
    const href = await edition.getAttribute('href');
    assert.equal(href, national.credential.credentialSubject.achievement.id);
    const served = await t.http.get(new URL(href as string).pathname).set('Accept', 'application/ld+json');
    assert.equal(served.status, 200);
    const { '@context': _context, ...document } = JSON.parse(served.text) as Doc;
    assert.deepEqual(document, national.credential.credentialSubject.achievement);
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: ECTS credits and hours, and what the parent combines, linked by title`, async () => {
      const page = await open(`${ects.links.self}?lang=${lang}`, lang);
      const say = text(lang);
      const rows = await rowsOf(page);
      assert.equal(rows[say('facts.workload')], ECTS_WORKLOAD[lang]);
      assert.match(rows[say('facts.stackability')] ?? '', new RegExp(`${say('facts.combines')}: `));
      const child = page.locator('dl.pairs a', { hasText: 'Skaitmeninio turinio kūrimas žiniatinkliui' });
      assert.match(String(await child.getAttribute('href')), new RegExp(`^${t.origin}/achievements/[^/]+$`));
    });
  }

  it('shows hours alone when no credits are counted', async () => {
    const page = await open(`${hoursOnly.links.self}?lang=lv`, 'lv');
    assert.equal((await rowsOf(page))[text('lv')('facts.workload')], '40 stundu');
  });

  it('the verify page shows the same facts as the credential page', async () => {
    for (const lang of ['lv', 'lt'] as const) {
      const credentialPage = await open(`${national.links.self}?lang=${lang}`, lang);
      const expected = await rowsOf(credentialPage);
      const page = await open(`${t.origin}/verify?lang=${lang}`, lang);
      await pasteAndVerify(page, JSON.stringify(national.credential), lang);
      assert.equal(await verdictOf(page), 'verified');
      assert.deepEqual(await rowsOf(page), expected, lang);
    }
  });

  it('the PDF states the national credits and hours, supervision, QA and awarding body, stackability with a link', async () => {
    const pdf = await pdfOf(national);
    const said = pdfText(pdf);
    for (const line of [
      `Paredzētā darba slodze ${NATIONAL.lv.workload}`,
      `Uzraudzība un identitātes pārbaude ${SUPERVISION.get('unsupervised-with-id-verification')?.label.lv}`,
      'Kvalitāti nodrošina: Izglītības kvalitātes valsts dienests',
      'Piešķīrējs Rīgas domes Izglītības departaments, Latvija',
      `Apvienojamība ${NATIONAL.lv.mode} Ietilpst: ${PARENT_TITLE.lv}`,
    ])
      assert.ok(said.includes(line), `"${line}" in ${said}`);
    assert.doesNotMatch(said, /ECTS/);
    const annotations = pdf.toString('latin1');
    assert.ok(
      annotations.includes(`/URI (${t.origin}/achievements/${parentId})`),
      'the parent title is a link',
    );
  });

  it('the PDF states ECTS credits in Lithuanian and hours alone in English', async () => {
    const lt = pdfText(await pdfOf(ects));
    assert.ok(lt.includes(`Numatomas darbo krūvis ${ECTS_WORKLOAD.lt}`), lt);
    const en = pdfText(await pdfOf(hoursOnly));
    assert.ok(en.includes('Notional workload 40 hours Qualification level'), en);
    assert.doesNotMatch(en, /\bcredits?\b/i, 'no credits: none are stated');
  });
});
