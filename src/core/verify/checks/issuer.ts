import type { Check } from '../types.js';
import { asArray, idOf, isBadge, isRecord } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

function isUrl(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

/** Whether the credential's proof needs the issuer's keys (so the controller document is resolved). */
export function needsIssuerKeys({ credential, jwt }: CheckContext): boolean {
  return jwt !== undefined || asArray(credential.proof).length > 0;
}

/**
 * The `issuer` check (VC 2.0 §4.7 "Issuer"; OB 3.0 "Profile"): one issuer, identified by a URL, and —
 * when the proof needs keys — a controller document the issuer itself publishes under that id.
 */
export async function checkIssuer(context: CheckContext): Promise<Check> {
  const { credential } = context;
  const issuers = asArray(credential.issuer);
  if (issuers.length === 0) return fail('issuer', 'issuer-missing', 'the credential names no issuer');
  if (issuers.length > 1) return fail('issuer', 'issuer-invalid', 'a credential has exactly one issuer');
  const id = idOf(issuers[0]);
  if (!id || !isUrl(id)) return fail('issuer', 'issuer-invalid', 'issuer.id must be a URL');
  if (isBadge(credential) && !isRecord(issuers[0])) {
    context.warnings.push('OB 3.0 expects the issuer as a Profile object, not a bare id');
  }
  if (!needsIssuerKeys(context)) return pass('issuer', `issuer ${id}`);
  const controller = await context.controller(id);
  if ('error' in controller) return fail('issuer', controller.code, controller.error);
  return pass('issuer', `issuer ${id}; its controller document is resolved`);
}
