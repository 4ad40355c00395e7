import assert from 'node:assert/strict';
import { didWebFromUrl, issuerDidWeb, issuerSlugOfDid } from '../../../src/core/did/did-web.js';
import { didWebToUrl } from '../../../src/core/verify/did-web.js';

describe('core/did/did-web', () => {
  it('names an issuer did:web from PUBLIC_URL: host lower-cased, a port percent-encoded, a path kept', () => {
    assert.equal(issuerDidWeb('https://tilts.example.lv', 'rvt'), 'did:web:tilts.example.lv:issuers:rvt');
    assert.equal(issuerDidWeb('https://Tilts.Example.LV/', 'rvt'), 'did:web:tilts.example.lv:issuers:rvt');
    assert.equal(issuerDidWeb('https://localhost:8443', 'rvt'), 'did:web:localhost%3A8443:issuers:rvt');
    assert.equal(
      issuerDidWeb('https://example.lv/micro/creds', 'rvt'),
      'did:web:example.lv:micro:creds:issuers:rvt',
    );
    assert.equal(
      issuerDidWeb('https://example.lv:443', 'rvt'),
      'did:web:example.lv:issuers:rvt',
      'default port',
    );
    assert.equal(
      didWebFromUrl('https://example.lv/a:b/c'),
      'did:web:example.lv:a%3Ab:c',
      'a colon in a segment',
    );
  });

  it('resolves (did:web §3.2) to the URL where Tilts serves the DID document', () => {
    for (const base of [
      'https://tilts.example.lv',
      'https://localhost:8443',
      'https://example.lv/micro/creds',
    ]) {
      assert.equal(didWebToUrl(issuerDidWeb(base, 'rvt-1')), `${base}/issuers/rvt-1/did.json`);
    }
  });

  it('reads the slug back only from our own issuer DIDs and DID URLs', () => {
    const base = 'https://localhost:8443';
    assert.equal(issuerSlugOfDid('did:web:localhost%3A8443:issuers:rvt-1', base), 'rvt-1');
    assert.equal(issuerSlugOfDid('did:web:localhost%3A8443:issuers:rvt-1#z6Mkabc', base), 'rvt-1');
    assert.equal(issuerSlugOfDid('did:web:localhost%3A9999:issuers:rvt-1', base), undefined, 'other port');
    assert.equal(issuerSlugOfDid('did:web:localhost:issuers:rvt-1', base), undefined, 'no port');
    assert.equal(issuerSlugOfDid('did:web:localhost%3A8443:issuers:rvt-1:x', base), undefined, 'sub-path');
    assert.equal(issuerSlugOfDid('did:web:localhost%3A8443:issuers:..', base), undefined);
    assert.equal(issuerSlugOfDid('did:web:localhost%3A8443:issuers:', base), undefined);
    assert.equal(issuerSlugOfDid('https://localhost:8443/issuers/rvt-1', base), undefined);
  });
});
