import assert from 'node:assert/strict';
import { classifyQrText } from '../../../src/core/baking/qr-text.js';
import { sniffFile } from '../../../src/core/baking/sniff.js';

const BASE = 'https://tilts.example.lv';

describe('core/baking classifyQrText and sniffFile', () => {
  it('recognises a link to a credential of this service, its JSON rendering and the verify page', () => {
    const id = '8b2e4d6f-1a3c-4e5b-8d7f-9a1b3c5d7e9f';
    for (const text of [
      `${BASE}/credentials/${id}`,
      ` ${BASE}/credentials/${id}.json\n`,
      `${BASE}/credentials/${id}?lang=lv`,
    ])
      assert.deepEqual(classifyQrText(text, BASE), { kind: 'own', credentialId: id });
    const verify = `${BASE}/verify?credential=${encodeURIComponent(`${BASE}/credentials/${id}`)}`;
    assert.deepEqual(classifyQrText(verify, BASE), { kind: 'own', credentialId: id });
  });

  it('reports other links as links, and carries credentials through', () => {
    assert.deepEqual(classifyQrText(`${BASE}.evil.org/credentials/x`, BASE), {
      kind: 'link',
      link: `${BASE}.evil.org/credentials/x`,
    });
    assert.deepEqual(classifyQrText('https://other.example/x', BASE), {
      kind: 'link',
      link: 'https://other.example/x',
    });
    assert.deepEqual(classifyQrText('eyJh.eyJi.c2ln', BASE), { kind: 'credential', text: 'eyJh.eyJi.c2ln' });
    assert.deepEqual(classifyQrText('{"a":1}', BASE), { kind: 'credential', text: '{"a":1}' });
  });

  it('refuses text that is neither a link nor a credential', () => {
    for (const text of ['hello', 'javascript:alert(1)', 'ftp://x.example/y'])
      assert.throws(() => classifyQrText(text, BASE), { code: 'qr-no-credential' });
  });

  it('judges files by their bytes', () => {
    assert.equal(sniffFile(Buffer.from('\uFEFF  {"a":1}')), 'json');
    assert.equal(sniffFile(Buffer.from('eyJh.eyJi.c2ln\n')), 'jwt');
    assert.equal(sniffFile(Buffer.from('<?xml version="1.0"?><svg xmlns="x"></svg>')), 'svg');
    assert.equal(sniffFile(Buffer.from('%PDF-1.7\n')), 'pdf');
    assert.equal(sniffFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
    assert.equal(sniffFile(Buffer.from([0xc3, 0x28])), 'unknown', 'not UTF-8');
  });
});
