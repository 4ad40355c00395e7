import assert from 'node:assert/strict';
import { isDateTimeStamp, isUrl, pointerTo, toDateTimeStamp } from '../../../src/core/vc-api/values.js';

describe('core/vc-api values', () => {
  it('accepts XML Schema dateTimeStamps with a timezone', () => {
    for (const value of [
      '2025-01-01T00:00:00Z',
      '2025-01-01T23:59:59.123456+14:00',
      '2024-02-29T12:00:00-05:30',
      '2000-02-29T00:00:00Z',
      '2025-12-31T24:00:00Z',
    ]) {
      assert.equal(isDateTimeStamp(value), true, value);
    }
  });

  it('refuses dates without timezone, impossible days and other shapes', () => {
    for (const value of [
      '2025-01-01T00:00:00',
      '2025-01-01',
      '2025-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2025-04-31T00:00:00Z',
      '2025-01-01T00:00:00+15:00',
      '2025-01-01t00:00:00z',
      ' 2025-01-01T00:00:00Z',
      20250101,
    ]) {
      assert.equal(isDateTimeStamp(value), false, String(value));
    }
  });

  it('formats the clock as a seconds-precision UTC dateTimeStamp', () => {
    assert.equal(toDateTimeStamp(new Date('2025-03-01T10:00:00.999Z')), '2025-03-01T10:00:00Z');
  });

  it('tells absolute URLs from relative references and broken strings', () => {
    for (const value of [
      'https://tilts.example/a?b#c',
      'did:key:z6Mk1',
      'urn:uuid:86294362-4254-4f36-854f-3952fe42555d',
    ]) {
      assert.equal(isUrl(value), true, value);
    }
    for (const value of ['https ://not-a-url', '/credentials/1', 'credential 1', 'did:', '', null, 4]) {
      assert.equal(isUrl(value), false, String(value));
    }
  });

  it('escapes JSON pointer tokens (RFC 6901)', () => {
    assert.equal(pointerTo('/credential', 'a/b~c'), '/credential/a~1b~0c');
    assert.equal(pointerTo('', 0), '/0');
  });
});
