import assert from 'node:assert/strict';
import {
  identityHash,
  identityMatchesEmail,
  normalizeEmail,
  recipientIdentifiers,
} from '../../../src/core/ob3/identity.js';
import { learner, SALT } from '../../fixtures/ob3/records.js';

describe('core/ob3/identity', () => {
  it('computes the IdentityHash of the OB 3.0 example (a@example.com salted with "Kosher")', () => {
    assert.equal(
      identityHash('a@example.com', 'Kosher'),
      'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399',
    );
  });

  it('hashes the trimmed, lower-cased email so that case does not change the hash', () => {
    assert.equal(normalizeEmail('  Girts.Kenins@Example.LV '), 'girts.kenins@example.lv');
    const [email] = recipientIdentifiers({ ...learner, email: 'GIRTS.KENINS@example.lv' }, SALT);
    const [same] = recipientIdentifiers(learner, SALT);
    assert.equal(email?.identityHash, same?.identityHash);
  });

  it('matches a hashed email identity against the right address only', () => {
    const [email, name] = recipientIdentifiers(learner, SALT);
    assert.ok(email && name);
    assert.equal(identityMatchesEmail(email, 'girts.kenins@example.lv'), true);
    assert.equal(identityMatchesEmail(email, 'girts.kenins@example.lt'), false);
    assert.equal(identityMatchesEmail({ ...email, salt: 'ffff' }, learner.email), false);
    assert.equal(identityMatchesEmail(name, 'Ģirts Ķēniņš'), false, 'a name identity is not an email');
  });

  it('writes a different hash for a different salt', () => {
    const [a] = recipientIdentifiers(learner, SALT);
    const [b] = recipientIdentifiers(learner, '0123456789abcdef');
    assert.notEqual(a?.identityHash, b?.identityHash);
  });
});
