import { resolveDidKey } from '../did/did-key.js';
import type { CheckCode, ControllerResolver } from './types.js';
import {
  asArray,
  errorMessage,
  idOf,
  isBudgetExhausted,
  isRecord,
  withoutFragment,
  type JsonRecord,
} from './util.js';

/** A controller document as resolved for one verification: the document, or why there is none. */
export type ResolvedController =
  | { id: string; document: JsonRecord }
  | { id: string; error: string; code: 'issuer-key-unresolvable' | 'remote-fetch-budget-exhausted' };

export type Relationship = 'assertionMethod' | 'authentication';

export type KeyLookup = { ok: true; method: JsonRecord } | { ok: false; code: CheckCode; detail: string };

const RELATIONSHIPS = [
  'assertionMethod',
  'authentication',
  'capabilityInvocation',
  'capabilityDelegation',
  'keyAgreement',
];

/**
 * Resolves each controller at most once per verification. Ed25519 did:key documents are computed
 * locally (did:key Method, "Read"); everything else goes to the injected resolver, and only when asked.
 */
export function createControllerCache(
  resolve: ControllerResolver,
): (id: string) => Promise<ResolvedController> {
  const seen = new Map<string, Promise<ResolvedController>>();
  const lookup = async (id: string): Promise<ResolvedController> => {
    const local = resolveDidKey(id);
    if (local) return { id, document: local };
    const unresolvable = (error: string) => ({ id, error, code: 'issuer-key-unresolvable' as const });
    try {
      const document = await resolve(id);
      if (!document) return unresolvable(`no controller document is known for ${id}`);
      if (document.id !== id)
        return unresolvable(`the document fetched for ${id} has id ${String(document.id)}`);
      return { id, document };
    } catch (error) {
      const detail = `the controller document of ${id} could not be resolved: ${errorMessage(error)}`;
      if (isBudgetExhausted(error)) return { id, error: detail, code: 'remote-fetch-budget-exhausted' };
      return unresolvable(detail);
    }
  };
  return (id) => {
    const known = seen.get(id);
    if (known) return known;
    const pending = lookup(id);
    seen.set(id, pending);
    return pending;
  };
}

function absolute(id: string, base: string): string {
  return id.startsWith('#') ? `${base}${id}` : id;
}

/** Every verification method the document describes, with absolute ids. */
function methodsOf(document: JsonRecord, base: string): JsonRecord[] {
  const embedded = RELATIONSHIPS.flatMap((r) => asArray(document[r]).filter(isRecord));
  return [...asArray(document.verificationMethod).filter(isRecord), ...embedded]
    .filter((m) => typeof m.id === 'string')
    .map((m) => ({ ...m, id: absolute(String(m.id), base) }));
}

/** Whether the controller document describes the verification method `vmId` (listed or not). */
export function describesMethod(controller: { id: string; document: JsonRecord }, vmId: string): boolean {
  return methodsOf(controller.document, controller.id).some((m) => m.id === vmId);
}

function listedFor(document: JsonRecord, base: string, relationship: Relationship, vmId: string): boolean {
  return asArray(document[relationship]).some((entry) => {
    const id = idOf(entry);
    return id !== undefined && absolute(id, base) === vmId;
  });
}

function revokedBy(method: JsonRecord, now: Date): boolean {
  if (typeof method.revoked !== 'string') return false;
  const at = Date.parse(method.revoked);
  return Number.isNaN(at) || at <= now.getTime();
}

/**
 * Key trust (VC Data Integrity "Retrieve Verification Method"; Controlled Identifiers v1.0
 * "Verification Relationships"):
 * a key is trusted only because the controller's own document lists it under the proof's
 * relationship, and the method's `controller` is that controller. A key named only in a
 * verification-method URL fragment is never trusted.
 */
export function findAuthorizedMethod(
  controller: { id: string; document: JsonRecord },
  vmId: string,
  relationship: Relationship,
  now: Date,
): KeyLookup {
  const { id, document } = controller;
  const method = methodsOf(document, id).find((m) => m.id === vmId);
  if (!method) {
    if (withoutFragment(vmId) !== id) {
      return { ok: false, code: 'controller-mismatch', detail: `key ${vmId} is not a key of ${id}` };
    }
    return { ok: false, code: 'key-not-authorized', detail: `${id} does not publish the key ${vmId}` };
  }
  const owner = idOf(method.controller);
  if (owner !== id) {
    return {
      ok: false,
      code: 'controller-mismatch',
      detail: `key ${vmId} is controlled by ${String(owner)}, not by ${id}`,
    };
  }
  if (!listedFor(document, id, relationship, vmId)) {
    return {
      ok: false,
      code: 'key-not-authorized',
      detail: `${id} does not list ${vmId} under ${relationship}`,
    };
  }
  if (revokedBy(method, now))
    return { ok: false, code: 'key-revoked', detail: `key ${vmId} has been revoked` };
  return { ok: true, method };
}

/** The keys the controller lists under `relationship`, for a JWT that names no `kid`. */
export function authorizedMethods(
  controller: { id: string; document: JsonRecord },
  relationship: Relationship,
  now: Date,
): JsonRecord[] {
  const { id, document } = controller;
  return methodsOf(document, id).filter(
    (m) => findAuthorizedMethod(controller, String(m.id), relationship, now).ok,
  );
}
