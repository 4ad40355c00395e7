import { CONTEXTS } from '../jsonld/contexts.js';
import { checkSafeExpansion } from '../jsonld/safe-expand.js';
import { fail, pass } from './checks/check-context.js';
import { createControllerCache, type ResolvedController } from './controller.js';
import { verifyDataIntegrity } from './proof-di.js';
import type {
  Check,
  PresentationOptions,
  PresentationReport,
  VerificationReport,
  VerifyDeps,
} from './types.js';
import { verifyCredential } from './verify-credential.js';
import { asArray, idOf, isRecord, typesOf, withoutFragment, type JsonRecord } from './util.js';

/** Credentials verified per presentation; a larger presentation is refused. */
const MAX_CREDENTIALS = 32;

type Parsed = { ok: true; presentation: JsonRecord } | { ok: false; check: Check };

/** VC Data Integrity §4.4 "Verify Proof": a secured document that is not a map is an error, strings included. */
function parsePresentation(input: unknown): Parsed {
  if (isRecord(input)) return { ok: true, presentation: input };
  const detail =
    typeof input === 'string'
      ? 'a presentation is a JSON object; a string holding JSON is not accepted'
      : 'a presentation is a JSON object';
  return { ok: false, check: fail('parse', 'not-an-object', detail) };
}

function structureChecks(presentation: JsonRecord): Check[] {
  const base = asArray(presentation['@context'])[0];
  const context =
    base === CONTEXTS.VC_V2 || base === CONTEXTS.VC_V1
      ? pass('context', `base context ${String(base)}`)
      : fail(
          'context',
          'context-base-not-first',
          `the first @context must be ${CONTEXTS.VC_V2} (or VC 1.1's)`,
        );
  const type = typesOf(presentation).includes('VerifiablePresentation')
    ? pass('type', typesOf(presentation).join(', '))
    : fail('type', 'type-invalid', 'type must include VerifiablePresentation');
  return [context, type];
}

async function jsonLdCheck(presentation: JsonRecord, deps: VerifyDeps): Promise<Check> {
  const issues = await checkSafeExpansion(presentation, deps.documentLoader, deps.shapes);
  if (issues.length === 0) return pass('json-ld', 'every term expands in safe mode');
  const detail = issues
    .slice(0, 5)
    .map((i) => (i.pointer ? `${i.pointer}: ${i.detail}` : i.detail))
    .join('; ');
  const unknown = issues.some((i) => i.code === 'loading document failed');
  return fail('json-ld', unknown ? 'jsonld-context-unknown' : 'jsonld-undefined-term', detail);
}

/** The holder's keys authenticate the presentation; without a holder, the key's own controller (did:key). */
async function proofCheck(
  presentation: JsonRecord,
  options: PresentationOptions,
  deps: VerifyDeps,
  controller: (id: string) => Promise<ResolvedController>,
): Promise<Check> {
  const holder = idOf(presentation.holder);
  const outcome = await verifyDataIntegrity({
    document: presentation,
    controllerFor: (proof) => controller(holder ?? withoutFragment(idOf(proof.verificationMethod) ?? '')),
    relationship: 'authentication',
    documentLoader: deps.documentLoader,
    now: deps.now(),
    expected: options,
  });
  return outcome.verified
    ? pass('proof', outcome.detail)
    : fail('proof', outcome.code ?? 'signature-invalid', outcome.detail);
}

function credentialsCheck(results: VerificationReport[]): Check {
  const failing = results.map((r, i) => (r.verified ? undefined : i + 1)).filter((i) => i !== undefined);
  if (failing.length === 0) return pass('credentials', `${results.length} credential(s) verify`);
  return fail(
    'credentials',
    'credential-invalid',
    `credential(s) ${failing.join(', ')} of ${results.length} do not verify`,
  );
}

/** Every credential inside, each verified on its own (a bounded number of them). */
async function verifyInner(
  presentation: JsonRecord,
  deps: VerifyDeps,
): Promise<{ check: Check; results: VerificationReport[] }> {
  const credentials = asArray(presentation.verifiableCredential);
  if (credentials.length > MAX_CREDENTIALS) {
    return {
      check: fail('credentials', 'credential-invalid', `more than ${MAX_CREDENTIALS} credentials`),
      results: [],
    };
  }
  const results = await Promise.all(credentials.map((vc) => verifyCredential(vc, deps)));
  return { check: credentialsCheck(results), results };
}

function report(
  own: Check[],
  inner: Check | undefined,
  extra: Partial<PresentationReport>,
): PresentationReport {
  const checks = inner ? [...own, inner] : own;
  return {
    verified: checks.every((c) => c.valid),
    checks,
    warnings: [],
    presentationResult: { verified: own.every((c) => c.valid), checks: own },
    credentialResults: [],
    ...extra,
  };
}

function optionWarnings(options: PresentationOptions): string[] {
  const warnings: string[] = [];
  if (options.challenge === undefined)
    warnings.push('no challenge was given: the presentation may be a replay');
  if (options.domain === undefined)
    warnings.push('no domain was given: the presentation may be meant for another verifier');
  return warnings;
}

/**
 * Verifies a verifiable presentation (VC-API "Verify Presentation"; VC 2.0 §4.13 "Verifiable Presentations", §7.1): its
 * authentication proof — DataIntegrityProof eddsa-rdfc-2022 or Ed25519Signature2020 — with the
 * expected challenge and domain, by a key the holder's controller document lists under
 * `authentication`; then every credential inside, each with {@link verifyCredential}.
 */
export async function verifyPresentation(
  input: unknown,
  options: PresentationOptions,
  deps: VerifyDeps,
): Promise<PresentationReport> {
  const parsed = parsePresentation(input);
  if (!parsed.ok) return report([parsed.check], undefined, {});
  const { presentation } = parsed;
  const controller = createControllerCache(deps.resolveController);
  const own: Check[] = [pass('parse', 'a JSON presentation'), ...structureChecks(presentation)];
  own.push(await jsonLdCheck(presentation, deps), await proofCheck(presentation, options, deps, controller));
  const inner = await verifyInner(presentation, deps);
  return report(own, inner.check, {
    warnings: optionWarnings(options),
    credentialResults: inner.results,
    presentation,
  });
}
