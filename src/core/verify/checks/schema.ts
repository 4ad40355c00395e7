import type { Check } from '../types.js';
import { asArray, idOf, isBadge, isRecord, isVc1, typesOf } from '../util.js';
import { fail, pass, type CheckContext } from './check-context.js';

const PURL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';
/** `$id`s of the OB 3.0 purl JSON Schemas (the ones `credentialSchema.id` points to). */
export const OB_SCHEMA_IDS = {
  achievementCredential: `${PURL}ob_v3p0_achievementcredential_schema.json`,
  endorsementCredential: `${PURL}ob_v3p0_endorsementcredential_schema.json`,
  profile: `${PURL}ob_v3p0_profile_schema.json`,
} as const;

/** credentialSchema types whose `id` is a JSON Schema to apply (VC 2.0 §4.11; OB 3.0 "CredentialSchema"). */
const JSON_SCHEMA_TYPES = ['1EdTechJsonSchemaValidator2019', 'JsonSchema'];

/** The OB 3.0 schema for the credential's own type; VC 1.1 badges predate the purl (VC 2.0) schemas. */
function typeSchema(context: CheckContext): string | undefined {
  const { credential, warnings } = context;
  const endorsement = typesOf(credential).includes('EndorsementCredential');
  if (!isBadge(credential) && !endorsement) return undefined;
  if (isVc1(credential)) {
    warnings.push(
      'the OB 3.0 JSON Schemas describe VC 2.0 credentials; this VC 1.1 credential was not checked against them',
    );
    return undefined;
  }
  return endorsement ? OB_SCHEMA_IDS.endorsementCredential : OB_SCHEMA_IDS.achievementCredential;
}

function declaredSchemas({ credential, warnings }: CheckContext): string[] {
  const ids: string[] = [];
  for (const entry of asArray(credential.credentialSchema)) {
    const id = idOf(entry);
    if (!isRecord(entry) || !id) {
      warnings.push('a credentialSchema entry without id was ignored');
    } else if (!typesOf(entry).some((t) => JSON_SCHEMA_TYPES.includes(t))) {
      warnings.push(
        `credentialSchema ${id} of type ${JSON.stringify(entry.type)} is not supported; not checked`,
      );
    } else {
      ids.push(id);
    }
  }
  return ids;
}

/**
 * The `schema` check (OB 3.0 "OpenBadgeCredential Verification" step 1; VC 2.0 §4.11 "Data Schemas"):
 * the OB 3.0 purl schema of the credential's type, plus every `credentialSchema` we hold. A schema we
 * do not hold is a warning, not a failure.
 */
export function checkSchema(context: CheckContext): Check {
  const { credential, deps, warnings } = context;
  const own = typeSchema(context);
  const ids = [...new Set([...(own ? [own] : []), ...declaredSchemas(context)])];
  const checked: string[] = [];
  for (const id of ids) {
    if (!deps.schemas?.has(id)) {
      warnings.push(`JSON Schema ${id} is not held by this verifier; not checked`);
      continue;
    }
    const problems = deps.schemas.validate(id, credential);
    if (problems.length > 0)
      return fail('schema', 'schema-invalid', `not valid against ${id}: ${problems.join('; ')}`);
    checked.push(id);
  }
  if (checked.length === 0) return pass('schema', 'no JSON Schema held for this credential');
  return pass('schema', `valid against ${checked.join(', ')}`);
}
