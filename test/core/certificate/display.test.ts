import assert from 'node:assert/strict';
import { factRows, plainText, type FactKey, type FactRow } from '../../../src/core/certificate/display.js';
import { readCredentialFacts, type CredentialFacts } from '../../../src/core/certificate/facts.js';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import { LANGUAGES, type AchievementRecord, type Lang } from '../../../src/core/types.js';
import { LEGACY_SUPERVISION, SUPERVISION } from '../../../src/core/vocab/supervision.js';
import { loadCatalogues, translator } from '../../../src/i18n/index.js';
import { achievement, buildInput, linkedAchievementTitles } from '../../fixtures/ob3/records.js';
import { legacyCredential } from './legacy-credential.js';

type Doc = Record<string, unknown>;
const catalogues = loadCatalogues();

function credential(lang: Lang, changes: Partial<AchievementRecord> = {}): Doc {
  const input = buildInput(lang);
  const titles = {
    ...linkedAchievementTitles,
    ach_pv_basics: { lv: 'PV pamati', en: 'PV basics', lt: 'PV pagrindai' },
  };
  return buildOpenBadgeCredential({
    ...input,
    achievement: { ...achievement, ...changes },
    linkedAchievementTitles: titles,
  }) as unknown as Doc;
}

const rows = (facts: CredentialFacts, lang: Lang): FactRow[] =>
  factRows(facts, { lang, t: translator(catalogues, lang) });

/** Each row's plain text by key, as a reader in `lang` sees it. */
function shown(doc: Doc, lang: Lang): Partial<Record<FactKey, string>> {
  return Object.fromEntries(rows(readCredentialFacts(doc), lang).map((r) => [r.key, plainText(r.lines)]));
}

describe('core/certificate factRows: what a person reads, in lv, en and lt', () => {
  it('names a national credit unit with its country, never as ECTS, with the hours beside it', () => {
    const doc = credential('lv', { workload: { hours: 120, credits: { system: 'lv-vet', value: 4 } } });
    const expected: Record<Lang, string> = {
      lv: '4 kredītpunkti (Latvijas profesionālās izglītības kredītpunkti) · 120 stundu',
      en: '4 credits (Latvian VET credit points) · 120 hours',
      lt: '4 kreditai (Latvijos profesinio mokymo kreditai) · 120 valandų',
    };
    for (const lang of LANGUAGES) {
      const all = shown(doc, lang);
      assert.equal(all.workload, expected[lang], lang);
      assert.doesNotMatch(JSON.stringify(all), /ECTS/, `${lang}: nothing says ECTS`);
    }
    const lt = credential('en', { workload: { hours: 60, credits: { system: 'lt-vet', value: 1 } } });
    assert.equal(shown(lt, 'en').workload, '1 credit (Lithuanian VET credits) · 60 hours');
  });

  it('names ECTS and ECVET by their abbreviations, and shows hours alone when no credits are counted', () => {
    const ects = credential('lt');
    assert.equal(shown(ects, 'lv').workload, '3 kredītpunkti (ECTS) · 80 stundu');
    assert.equal(shown(ects, 'en').workload, '3 credits (ECTS) · 80 hours');
    assert.equal(shown(ects, 'lt').workload, '3 kreditai (ECTS) · 80 valandų');
    const ecvet = credential('en', { workload: { hours: 25, credits: { system: 'ecvet', value: 2 } } });
    assert.equal(shown(ecvet, 'en').workload, '2 credits (ECVET) · 25 hours');
    const hoursOnly = credential('en', { workload: { hours: 40 } });
    assert.equal(shown(hoursOnly, 'lv').workload, '40 stundu');
    assert.equal(shown(hoursOnly, 'en').workload, '40 hours');
  });

  it('names the unit of a bare creditsAvailable only where the credential says it (never assumes ECTS)', () => {
    assert.equal(
      shown(legacyCredential(), 'en').workload,
      '3 credits (ECTS) · 80 hours',
      'the narrative says ECTS',
    );
    const foreign = {
      issuer: 'did:key:z6Mk',
      credentialSubject: { achievement: { name: 'Badge', creditsAvailable: 36 } },
    };
    assert.equal(shown(foreign, 'en').workload, '36 credits', 'OB creditsAvailable names no unit');
  });

  it('shows supervision and identity verification with the EU scheme’s label in the reader’s language', () => {
    for (const key of SUPERVISION.keys) {
      const doc = credential('lv', { supervision: key });
      const concept = SUPERVISION.get(key);
      for (const lang of LANGUAGES) {
        const row = rows(readCredentialFacts(doc), lang).find((r) => r.key === 'supervision');
        assert.deepEqual(row?.lines, [[{ text: concept?.label[lang], url: concept?.uri }]], `${key} ${lang}`);
      }
    }
    const legacy = LEGACY_SUPERVISION['supervised-online-identity-verification'];
    assert.equal(
      shown(legacyCredential(), 'en').supervision,
      legacy?.label.en,
      'a label Tilts minted before',
    );
  });

  it('states who assures quality once, and the awarding body with its country', () => {
    const doc = credential('lv', {
      awardingBody: {
        name: { lv: 'Rīgas dome', en: 'Riga City Council' },
        country: 'LV',
        url: 'https://riga.lv',
        identifier: '90000012345',
      },
    });
    const en = rows(readCredentialFacts(doc), 'en');
    const qa = en.find((r) => r.key === 'qualityAssurance');
    assert.deepEqual(qa?.lines, [
      [
        {
          text: 'Institutional Quality Assurance',
          url: 'http://data.europa.eu/snb/accreditation/bb4618238e',
        },
        { text: ': ' },
        { text: 'Iestāde akreditēta līdz 2029. gadam', lang: 'lv' },
      ],
      [
        { text: 'Quality assured by: ' },
        { text: 'Izglītības kvalitātes valsts dienests', lang: 'lv', url: 'https://www.ikvd.gov.lv' },
      ],
    ]);
    assert.deepEqual(en.find((r) => r.key === 'awardingBody')?.lines, [
      [
        { text: 'Rīgas dome', lang: 'lv', url: 'https://riga.lv' },
        { text: ', Latvia' },
        { text: ', identifier 90000012345' },
      ],
    ]);
    assert.equal(shown(doc, 'lt').awardingBody, 'Rīgas dome, Latvija, identifikatorius 90000012345');
    assert.equal(
      shown(credential('lv'), 'lv').awardingBody,
      undefined,
      'no other awarding body: the issuer awards',
    );
  });

  it('shows stand-alone or integrated, and the credentials it is part of or combines, linked by title', () => {
    const integrated = readCredentialFacts(credential('lv'));
    const standAlone = readCredentialFacts(
      credential('en', { stackability: { mode: 'stand-alone', isPartOf: [], combines: ['ach_pv_basics'] } }),
    );
    const expected: Record<Lang, [string, string]> = {
      lv: [
        'Integrēta, uzkrājama citas kvalifikācijas iegūšanai',
        'Patstāvīga, neatkarīga mikrokvalifikācija',
      ],
      en: ['Integrated, stackable towards another credential', 'Stand-alone, independent micro-credential'],
      lt: [
        'Integruotas, kaupiamas siekiant kito kredencialo',
        'Savarankiškas, nepriklausomas mikrokredencialas',
      ],
    };
    /** The line naming linked credentials: the direction, then the title (in its own language) linked. */
    const links = (reader: Lang, key: string, title: string, id: string, titleLang: Lang) => [
      { text: `${translator(catalogues, reader)(key)}: ` },
      {
        text: title,
        url: `https://tilts.example.lv/achievements/${id}`,
        ...(reader === titleLang ? {} : { lang: titleLang }),
      },
    ];
    for (const lang of LANGUAGES) {
      const [first, second] = [integrated, standAlone].map(
        (f) => rows(f, lang).find((r) => r.key === 'stackability')?.lines,
      );
      assert.deepEqual(first, [
        [{ text: expected[lang][0] }],
        links(lang, 'facts.isPartOf', 'Atjaunīgās enerģijas tehniķis', 'ach_renewable_technician', 'lv'),
      ]);
      assert.deepEqual(second, [
        [{ text: expected[lang][1] }],
        links(lang, 'facts.combines', 'PV basics', 'ach_pv_basics', 'en'),
      ]);
    }
  });

  it('links the exact edition of the definition that was signed', () => {
    const row = rows(readCredentialFacts(credential('lt')), 'lv').find((r) => r.key === 'edition');
    assert.deepEqual(row?.lines, [
      [{ text: '1. versija', url: 'https://tilts.example.lv/achievements/ach_solar_pv/v/1/lt' }],
    ]);
  });

  it('shows concepts in the reader’s language and keeps the credential’s own words in its language', () => {
    const doc = credential('lv');
    assert.equal(shown(doc, 'lv').level, 'EKI 4. līmenis, LKI 4. līmenis');
    assert.equal(shown(doc, 'en').level, 'EQF level 4, LQF Level 4');
    assert.equal(shown(doc, 'lt').level, 'EKS 4 lygis, Latvijos KS 4 lygis');
    const foreign = readCredentialFacts({
      credentialSubject: {
        achievement: {
          inLanguage: 'lv',
          alignment: [{ targetName: 'Own', targetUrl: 'https://x.example/own', targetType: 'ext:Thing' }],
        },
      },
    });
    assert.deepEqual(rows(foreign, 'en'), [
      { key: 'other', lines: [[{ text: 'Own', lang: 'lv', url: 'https://x.example/own' }]] },
    ]);
  });

  it('leaves out every element a credential does not state', () => {
    const bare = readCredentialFacts({ issuer: 'did:key:z6Mk', credentialSubject: { id: 'did:example:1' } });
    assert.deepEqual(rows(bare, 'en'), [{ key: 'issuer', lines: [[{ text: 'did:key:z6Mk' }]] }]);
  });
});
