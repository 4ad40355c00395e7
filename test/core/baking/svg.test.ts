import assert from 'node:assert/strict';
import { bakeSvg, OB_SVG_NAMESPACE, unbakeSvg } from '../../../src/core/baking/svg.js';

const SVG =
  '<?xml version="1.0"?>\n<!-- <openbadges:credential>not this</openbadges:credential> -->\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>';

describe('core/baking svg (OB 3.0 §5.3.2)', () => {
  it('bakes JSON into CDATA directly after the root tag and binds the namespace', () => {
    const json = JSON.stringify({ name: 'Ąžuolaitė', odd: 'a]]>b <tag> & "q"' });
    const baked = bakeSvg(SVG, { json });
    assert.match(
      baked,
      new RegExp(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" xmlns:openbadges="${OB_SVG_NAMESPACE}"><openbadges:credential><!\\[CDATA\\[`,
      ),
    );
    assert.equal(unbakeSvg(baked), json, '"]]>" inside the JSON survives the CDATA split');
    assert.ok(baked.includes('<rect width="4" height="4"/>'), 'the image is kept');
  });

  it('bakes a JWT into the verify attribute and reads it back', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln';
    const baked = bakeSvg(SVG, { jwt });
    assert.match(
      baked,
      /<openbadges:credential verify="eyJhbGciOiJFUzI1NiJ9\.eyJ2YyI6e319\.c2ln"><\/openbadges:credential>/,
    );
    assert.equal(unbakeSvg(baked), jwt);
  });

  it('replaces an earlier credential element and opens a self-closing root', () => {
    const once = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', { json: '{"a":1}' });
    assert.match(once, /<\/openbadges:credential><\/svg>$/);
    const twice = bakeSvg(once, { json: '{"a":2}' });
    assert.equal(twice.match(/<openbadges:credential>/g)?.length, 1);
    assert.equal(unbakeSvg(twice), '{"a":2}');
  });

  it('reads a credential under any prefix bound to the namespace, with entities in plain text', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="${OB_SVG_NAMESPACE}"><ob:credential>{"q":"&quot;&amp;"}</ob:credential></svg>`;
    assert.equal(unbakeSvg(svg), '{"q":""&"}');
  });

  it('ignores a credential element inside a comment, and answers undefined when there is none', () => {
    assert.equal(unbakeSvg(SVG), undefined);
  });

  it('refuses a document that is not an SVG', () => {
    assert.throws(() => unbakeSvg('<html><body/></html>'), { code: 'svg-no-credential' });
  });
});
