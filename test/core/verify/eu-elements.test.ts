import assert from 'node:assert/strict';
import type { Ed25519MultikeyKeyPair } from '@digitalbazaar/ed25519-multikey';
import { buildOpenBadgeCredential } from '../../../src/core/ob3/build-credential.js';
import type { AchievementRecord } from '../../../src/core/types.js';
import { verifyCredential } from '../../../src/core/verify/verify-credential.js';
import { achievement, buildInput } from '../../fixtures/ob3/records.js';
import * as w from '../../fixtures/verify/world.js';

type Doc = w.Doc;

/** The Tilts fixture micro-credential as the world's issuer signs it. */
function tiltsCredential(changes: Partial<AchievementRecord> = {}): Doc {
  const credential = buildOpenBadgeCredential({
    ...buildInput('en'),
    achievement: { ...achievement, ...changes },
  }) as unknown as Doc;
  return { ...credential, issuer: { ...(credential.issuer as Doc), id: w.ISSUER } };
}

const achievementOf = (credential: Doc): Doc => (credential.credentialSubject as Doc).achievement as Doc;

const dropAlignments = (credential: Doc, ...targetTypes: string[]): Doc => {
  const a = achievementOf(credential);
  a.alignment = (a.alignment as Doc[]).filter((x) => !targetTypes.includes(String(x.targetType)));
  return credential;
};

describe('core/verify summary: what a credential certifies, and the eu-elements check', () => {
  let key: Ed25519MultikeyKeyPair;
  let deps: ReturnType<typeof w.makeDeps>;

  before(async () => {
    key = await w.ed25519Key(7, w.ISSUER);
    deps = w.makeDeps([w.controllerDocument(w.ISSUER, [w.multikeyMethod(key)])], {
      schemas: w.obSchemas(),
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
  });

  it('reports every micro-credential fact of a Tilts credential and a passing eu-elements check', async () => {
    const report = await verifyCredential(await w.signDi(tiltsCredential(), key), deps);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.deepEqual(report.checks.at(-1), {
      id: 'eu-elements',
      valid: true,
      severity: 'warning',
      detail: 'carries every mandatory element of the EU Recommendation on micro-credentials',
    });
    const facts = report.summary.achievement;
    assert.ok(facts);
    assert.equal(facts.achievementType, 'MicroCredential');
    assert.deepEqual(facts.eqfLevel, {
      url: 'http://data.europa.eu/snb/eqf/4',
      name: 'EQF level 4',
      level: 4,
    });
    assert.equal(facts.nqfLevel?.url, 'http://data.europa.eu/snb/qdr/c_14b672c3');
    assert.deepEqual(facts.workload, {
      hours: 80,
      duration: 'PT80H',
      credits: [
        {
          value: 3,
          system: 'ects',
          systemUrl: 'http://data.europa.eu/snb/education-credit/6fcec5c5af',
          systemName: 'European Credit Transfer System',
        },
      ],
      creditsAvailable: 3,
    });
    assert.deepEqual(
      facts.learningOutcomes,
      achievement.learningOutcomes.map((o, i) => ({
        text: o.text.en,
        // an ESCO alignment is named by the first outcome that has the skill
        escoSkills: i === 0 ? o.escoSkills : i === 1 ? [o.escoSkills?.[0]] : [],
      })),
    );
    assert.equal(facts.skills.length, 2);
    assert.deepEqual(
      facts.assessment.map((a) => a.name),
      ['practical assessment', 'written examination'],
    );
    assert.equal(facts.participation?.name, 'Blended');
    assert.equal(facts.qualityAssurance?.type?.name, 'Institutional Quality Assurance');
    assert.deepEqual(facts.qualityAssurance?.body, {
      url: 'https://www.ikvd.gov.lv',
      name: 'State Service of Education Quality',
      description: 'State Service of Education Quality (Latvia), https://www.ikvd.gov.lv',
    });
    assert.equal(facts.id, 'https://tilts.example.lv/achievements/ach_solar_pv/v/1/en', 'the signed edition');
    assert.equal(facts.prerequisites, achievement.prerequisites?.en);
    assert.equal(facts.supervision?.url, 'http://data.europa.eu/snb/supervision-verification/70be69aaf9');
    assert.deepEqual(facts.stackability, {
      mode: 'integrated',
      isPartOf: [
        {
          url: 'https://tilts.example.lv/achievements/ach_renewable_technician',
          name: 'Renewable energy technician',
        },
      ],
      combines: [],
    });
    assert.deepEqual(facts.result, ['9']);
    assert.deepEqual(facts.otherAlignments, []);
    assert.deepEqual(facts.missingEuElements, []);
  });

  it('reads a national credit unit back with its system, and hours-only workloads without credits', async () => {
    const national = tiltsCredential({ workload: { hours: 120, credits: { system: 'lt-vet', value: 4 } } });
    const hoursOnly = tiltsCredential({ workload: { hours: 40 } });
    const [n, h] = await Promise.all([national, hoursOnly].map((c) => verifyCredential(c, deps)));
    assert.deepEqual(n?.summary.achievement?.workload, {
      hours: 120,
      duration: 'PT120H',
      credits: [
        {
          value: 4,
          system: 'lt-vet',
          systemUrl: 'http://publications.europa.eu/resource/authority/country/LTU',
          systemName: 'Lithuanian VET credits (profesinio mokymo kreditai)',
        },
      ],
    });
    assert.deepEqual(h?.summary.achievement?.workload, { hours: 40, duration: 'PT40H', credits: [] });
  });

  it('names what a signed MicroCredential lacks in a warning-level check, and stays verified', async () => {
    const lacking = dropAlignments(tiltsCredential(), 'ext:AssessmentType', 'ext:QualityAssurance');
    const report = await verifyCredential(await w.signDi(lacking, key), deps);
    assert.equal(report.verified, true, JSON.stringify(report.checks));
    assert.deepEqual(report.checks.at(-1), {
      id: 'eu-elements',
      valid: false,
      severity: 'warning',
      code: 'eu-elements-missing',
      detail:
        'lacks mandatory elements of the EU Recommendation on micro-credentials (Annex I): type of assessment, type of quality assurance',
    });
    assert.ok(report.warnings.some((x) => /type of assessment, type of quality assurance/.test(x)));
    assert.deepEqual(report.summary.achievement?.missingEuElements, ['assessment', 'quality-assurance']);
    assert.deepEqual(report.summary.achievement?.assessment, []);
  });

  it('leaves verified false for a broken credential: the warning never turns a failure into a pass', async () => {
    const signed = await w.signDi(tiltsCredential(), key);
    (signed as Doc).name = 'Changed after signing';
    const report = await verifyCredential(signed, deps);
    assert.equal(report.verified, false);
    assert.equal(report.checks.find((c) => c.id === 'proof')?.valid, false);
  });

  describe('another issuer’s credential: the OB 3.0 spec example fullOpenBadge.json', () => {
    const example = () => w.readSpec('examples/fullOpenBadge.json');

    it('lists what it carries as given and names what it lacks, inventing nothing', async () => {
      const report = await verifyCredential(example(), deps);
      const facts = report.summary.achievement;
      assert.ok(facts);
      assert.equal(facts.achievementType, 'Degree');
      assert.equal(facts.name, '1EdTech University Degree');
      assert.equal(facts.fieldOfStudy, 'Research');
      // OB creditsAvailable states no credit system: reported as a number, never as ECTS
      assert.deepEqual(facts.workload, { credits: [], creditsAvailable: 36 });
      assert.deepEqual(
        facts.otherAlignments.map((a) => [a.targetType, a.url]),
        [
          ['CFItem', 'https://1edtech.edu/catalog/degree'],
          ['CTDL', 'https://credentialengineregistry.org/resources/ce-98cb027b-95ef-4494-908d-6f7790ec6b6b'],
        ],
      );
      for (const absent of [
        'eqfLevel',
        'nqfLevel',
        'participation',
        'qualityAssurance',
        'supervision',
        'stackability',
      ])
        assert.equal(absent in facts, false, absent);
      assert.deepEqual(facts.assessment, []);
      assert.deepEqual(facts.learningOutcomes, []);
      assert.deepEqual(facts.missingEuElements, [
        'learning-outcomes',
        'level',
        'assessment',
        'participation',
        'quality-assurance',
      ]);
      assert.equal(
        report.checks.some((c) => c.id === 'eu-elements'),
        false,
        'a Degree is not checked as a micro-credential',
      );
    });

    it('typed as a MicroCredential, gets an eu-elements warning naming the same gaps', async () => {
      const credential = example();
      achievementOf(credential).achievementType = 'MicroCredential';
      const report = await verifyCredential(credential, deps);
      const check = report.checks.find((c) => c.id === 'eu-elements');
      assert.equal(check?.valid, false);
      assert.equal(check?.code, 'eu-elements-missing');
      assert.match(
        check?.detail ?? '',
        /learning outcomes, level \(EQF or national framework\), type of assessment, form of participation, type of quality assurance$/,
      );
    });
  });
});
