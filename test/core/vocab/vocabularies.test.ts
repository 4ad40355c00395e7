import assert from 'node:assert/strict';
import { LANGUAGES } from '../../../src/core/types.js';
import {
  ASSESSMENT_TYPES,
  CREDIT_SYSTEMS,
  LEARNING_SETTINGS,
  PARTICIPATION_FORMS,
  QUALITY_ASSURANCE_TYPES,
  createVocabulary,
  type Vocabulary,
} from '../../../src/core/vocab/index.js';
import { xsdConcepts } from './support.js';

const VOCABULARIES: Array<[string, Vocabulary, string]> = [
  ['assessment types', ASSESSMENT_TYPES, 'europass-learning-assessment-types.xsd'],
  ['forms of participation', PARTICIPATION_FORMS, 'europass-modes.xsd'],
  ['learning settings', LEARNING_SETTINGS, 'europass-learning-setting-types.xsd'],
  ['quality assurance types', QUALITY_ASSURANCE_TYPES, 'europass-accreditation-types.xsd'],
  ['credit systems', CREDIT_SYSTEMS, 'credit-points.xsd'],
];

describe('core/vocab EU vocabularies', () => {
  for (const [name, vocabulary, xsd] of VOCABULARIES) {
    describe(name, () => {
      const eu = xsdConcepts(xsd);

      it('encodes every concept of the EU vocabulary, with its URI and English label', () => {
        assert.equal(vocabulary.keys.length, eu.size);
        for (const key of vocabulary.keys) {
          const concept = vocabulary.get(key);
          assert.ok(concept);
          assert.equal(eu.get(concept.uri), concept.label.en, `${key} ${concept.uri}`);
        }
      });

      it('has kebab-case keys and a Latvian and Lithuanian label for each', () => {
        for (const key of vocabulary.keys) {
          assert.match(key, /^[a-z]+(-[a-z]+)*$/);
          for (const lang of LANGUAGES) assert.ok(vocabulary.get(key)?.label[lang]?.trim(), `${key} ${lang}`);
        }
      });

      it('finds a concept by URI and refuses unknown keys and URIs', () => {
        const first = vocabulary.get(vocabulary.keys[0] as string);
        assert.equal(vocabulary.byUri(first?.uri ?? '')?.key, first?.key);
        for (const bad of ['', 'Unknown', (first?.label.en ?? '') + '!', first?.uri]) {
          assert.equal(vocabulary.get(bad ?? ''), undefined);
          assert.equal(vocabulary.isValid(bad), false);
        }
        assert.equal(vocabulary.isValid(undefined), false);
        assert.equal(vocabulary.isValid(42), false);
        assert.equal(vocabulary.byUri(`${first?.uri}x`), undefined);
      });
    });
  }

  it('maps the brief keys of assessment, participation and quality assurance to their EU concepts', () => {
    assert.equal(
      ASSESSMENT_TYPES.get('written-examination')?.uri,
      'http://data.europa.eu/snb/assessment/6e6cb2cc78',
    );
    assert.equal(PARTICIPATION_FORMS.get('online')?.label.en, 'Online');
    assert.equal(PARTICIPATION_FORMS.get('on-site')?.label.en, 'Presential');
    assert.equal(PARTICIPATION_FORMS.get('blended')?.label.en, 'Blended');
    assert.equal(PARTICIPATION_FORMS.get('work-based')?.label.en, 'Workbased');
    assert.equal(PARTICIPATION_FORMS.get('project-based')?.label.en, 'Project based');
    assert.deepEqual([...LEARNING_SETTINGS.keys], ['formal', 'non-formal']);
    assert.deepEqual([...QUALITY_ASSURANCE_TYPES.keys].sort(), [
      'institutional-license',
      'institutional-quality-assurance',
      'program-license',
      'program-quality-assurance',
    ]);
    assert.deepEqual([...CREDIT_SYSTEMS.keys], ['ects', 'ecvet']);
  });

  it('exposes frozen key lists and concepts that callers cannot change', () => {
    assert.ok(Object.isFrozen(ASSESSMENT_TYPES.keys));
    const concept = ASSESSMENT_TYPES.get('quiz');
    assert.ok(concept && Object.isFrozen(concept) && Object.isFrozen(concept.label));
  });

  it('refuses to build a vocabulary with a duplicate key or URI', () => {
    const label = { en: 'a', lv: 'a', lt: 'a' };
    assert.throws(() =>
      createVocabulary([
        { key: 'a', uri: 'http://x/1', label },
        { key: 'a', uri: 'http://x/2', label },
      ]),
    );
    assert.throws(() =>
      createVocabulary([
        { key: 'a', uri: 'http://x/1', label },
        { key: 'b', uri: 'http://x/1', label },
      ]),
    );
  });
});
