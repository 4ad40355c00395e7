import assert from 'node:assert/strict';
import { criteriaNarrative, oneLine } from '../../../src/core/ob3/text.js';
import { workloadText } from '../../../src/core/ob3/workload.js';
import { LANGUAGES } from '../../../src/core/types.js';
import { MAX_NARRATIVE_ITEMS, readNarrative } from '../../../src/core/verify/narrative.js';
import { achievement } from '../../fixtures/ob3/records.js';

describe('core/verify readNarrative', () => {
  const record = {
    ...achievement,
    furtherInformation: {
      lv: 'Skat. skolas vietni.',
      en: 'See the school website.',
      lt: 'Žr. mokyklos svetainę.',
    },
    awardingBody: { name: { en: 'Riga City Council' }, country: 'LV', url: 'https://riga.lv' },
  };

  for (const lang of LANGUAGES) {
    it(`reads back every part of the narrative Tilts writes in ${lang}`, () => {
      const read = readNarrative(criteriaNarrative(record, lang));
      assert.deepEqual(read, {
        criteria: record.criteria[lang],
        outcomes: record.learningOutcomes.map((o) => oneLine(o.text[lang] ?? '')),
        prerequisites: record.prerequisites?.[lang] ?? record.prerequisites?.en,
        workload: workloadText(record.workload, lang),
        awardingBody: `Riga City Council (${{ en: 'Latvia', lv: 'Latvija', lt: 'Latvija' }[lang]}), https://riga.lv`,
        furtherInformation: record.furtherInformation[lang],
      });
    });
  }

  it("reads another issuer's Markdown as criteria only, and nothing from an absent narrative", () => {
    const foreign = '**Requirements:** pass the exam.\n\n- item one\n- item two';
    assert.deepEqual(readNarrative(foreign), { outcomes: [], criteria: foreign });
    assert.deepEqual(readNarrative(undefined), { outcomes: [] });
  });

  it(`keeps at most ${MAX_NARRATIVE_ITEMS} learning outcomes`, () => {
    const items = Array.from({ length: 500 }, (_, i) => `- outcome ${i}`).join('\n');
    const read = readNarrative(`**Learning outcomes**\n\n${items}`);
    assert.equal(read.outcomes.length, MAX_NARRATIVE_ITEMS);
    assert.equal(read.outcomes[0], 'outcome 0');
  });
});
