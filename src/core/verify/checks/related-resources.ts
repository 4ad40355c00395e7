import { checkRelatedResources } from '../related-resources.js';
import type { Check } from '../types.js';
import { fail, pass, type CheckContext } from './check-context.js';

/**
 * The `related-resources` check, reported only for credentials that list `relatedResource` (VC 2.0
 * §5.3 "Integrity of Related Resources": a digest that does not match MUST produce an error). Digests
 * this verifier cannot compare are warnings ("unchecked"), never a pass in disguise.
 */
export function checkRelatedResourceDigests(context: CheckContext): Check | undefined {
  const { relatedResource } = context.credential;
  if (relatedResource === undefined) return undefined;
  const findings = checkRelatedResources(relatedResource);
  for (const f of findings.filter((f) => f.kind === 'unchecked')) context.warnings.push(f.detail);
  const detail = (kind: string) =>
    findings
      .filter((f) => f.kind === kind)
      .map((f) => `${f.pointer}: ${f.detail}`)
      .join('; ');
  if (findings.some((f) => f.kind === 'mismatch'))
    return fail('related-resources', 'related-resource-digest-mismatch', detail('mismatch'));
  const invalid = findings.filter((f) => f.kind === 'malformed' || f.kind === 'duplicate');
  if (invalid.length > 0)
    return fail(
      'related-resources',
      'related-resource-invalid',
      invalid.map((f) => `${f.pointer}: ${f.detail}`).join('; '),
    );
  const unchecked = findings.length;
  const count = Array.isArray(relatedResource) ? relatedResource.length : 1;
  return pass(
    'related-resources',
    `${count - unchecked} of ${count} related resource digests match the published ones`,
  );
}
