import { checkEndorsements } from './checks/endorsements.js';
import { checkIssuer } from './checks/issuer.js';
import { checkJsonLd } from './checks/json-ld.js';
import { checkProof } from './checks/proof.js';
import { checkRelatedResourceDigests } from './checks/related-resources.js';
import { checkSchema } from './checks/schema.js';
import { checkStatus } from './checks/status.js';
import { checkContext, checkSubject, checkType } from './checks/structure.js';
import { checkValidity } from './checks/validity.js';
import type { CheckContext } from './checks/check-context.js';
import { createControllerCache, type ResolvedController } from './controller.js';
import { parseCredentialInput } from './parse.js';
import { buildReport, summarize } from './report.js';
import type { Check, CredentialStatusSummary, VerificationReport, VerifyDeps } from './types.js';

/** Endorsements are followed this many levels deep (an endorsement's own endorsements are not). */
const MAX_ENDORSEMENT_DEPTH = 1;

interface Run {
  depth: number;
  controller: (id: string) => Promise<ResolvedController>;
}

async function runChecks(context: CheckContext, run: Run): Promise<VerificationReport> {
  const checks: Check[] = [checkContext(context), checkType(context), await checkJsonLd(context)];
  const related = checkRelatedResourceDigests(context);
  if (related) checks.push(related);
  checks.push(checkSchema(context), checkSubject(context), await checkIssuer(context));
  const proof = await checkProof(context);
  checks.push(proof, checkValidity(context));
  let status: CredentialStatusSummary = 'unknown';
  if (proof.valid) {
    const outcome = await checkStatus(context);
    checks.push(outcome.check);
    status = outcome.status;
    const verifyNested =
      run.depth < MAX_ENDORSEMENT_DEPTH
        ? (input: unknown) => verifyAt(input, context.deps, { ...run, depth: run.depth + 1 })
        : undefined;
    checks.push(await checkEndorsements(context, verifyNested));
  } else {
    // an unproven credential's status list and endorsements are not fetched: its URLs are not the issuer's word
    context.warnings.push('status and endorsements were not checked because the proof does not verify');
  }
  return buildReport(
    checks,
    context.warnings,
    summarize(context.credential, context.jwt, status),
    context.credential,
  );
}

async function verifyAt(input: unknown, deps: VerifyDeps, run: Run): Promise<VerificationReport> {
  const parsed = parseCredentialInput(input);
  if (!parsed.ok) return buildReport([parsed.check], [], summarize(undefined, undefined, undefined));
  const { credential, jwt } = parsed.value;
  const parse: Check = {
    id: 'parse',
    valid: true,
    detail: jwt ? 'a compact JWT carrying a credential' : 'a JSON credential',
  };
  const context: CheckContext = {
    credential,
    ...(jwt ? { jwt } : {}),
    deps,
    now: deps.now(),
    warnings: [],
    controller: run.controller,
  };
  const report = await runChecks(context, run);
  return { ...report, checks: [parse, ...report.checks] };
}

/**
 * Verifies a credential and reports every check it ran (OB 3.0 "Verification and Validation",
 * "OpenBadgeCredential Verification"; VC 2.0 §7.1 "Verification"; VC-API "Verify Credential").
 * `input` is a JSON object, a JSON string, a compact VC-JWT or an EnvelopedVerifiableCredential.
 * Nothing outside `deps` is reached; the controller resolver is asked only when a proof needs keys,
 * and the status checker only for credentials whose proof verifies. With `endorsements: false`
 * (status lists), embedded endorsements are reported but not verified.
 */
export async function verifyCredential(
  input: unknown,
  deps: VerifyDeps,
  options: { endorsements?: boolean } = {},
): Promise<VerificationReport> {
  const depth = options.endorsements === false ? MAX_ENDORSEMENT_DEPTH : 0;
  return verifyAt(input, deps, { depth, controller: createControllerCache(deps.resolveController) });
}
