import type { JWK } from 'jose';
import { multikeyToJwk } from '../multikey/jwk.js';
import { isRecord, type JsonRecord } from './util.js';

/** The public JWK of a verification method: its `publicKeyJwk`, or its Multikey converted. */
export function methodJwk(method: JsonRecord): JWK | undefined {
  if (isRecord(method.publicKeyJwk)) {
    const { d: _private, ...jwk } = method.publicKeyJwk as JWK;
    return jwk;
  }
  if (typeof method.publicKeyMultibase === 'string') {
    return multikeyToJwk(method.publicKeyMultibase);
  }
  return undefined;
}
