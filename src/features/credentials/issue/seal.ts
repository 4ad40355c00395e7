import type { IssuerRecord } from '../../../core/types.js';
import { AppError, type FieldError } from '../../../errors.js';
import type { EdcService } from '../../edc/edc.service.js';
import type { CredentialDoc, CredentialFormat } from '../credential.model.js';
import { learnerOf } from './build.js';
import type { IssuePlan } from './plan.js';

type Credential = Record<string, unknown>;

export interface CredentialSigner {
  dataIntegrity(issuer: IssuerRecord, credential: Credential): Promise<Credential>;
  jwt(issuer: IssuerRecord, credential: Credential): Promise<string>;
}

/** The certification gate: the official OB 3.0 schema, safe-mode JSON-LD and the EU rules of the output. */
export type ValidateCredential = (credential: Credential) => Promise<FieldError[]>;

/** The credential as stored: signed (Data Integrity), or as the JWT carries it with the JWT beside. */
export type Signed = Pick<CredentialDoc, 'credential' | 'jwt'>;

/** Validate: nothing is signed that would not be valid Open Badges 3.0 with every EU element. */
export async function validate(check: ValidateCredential, unsigned: Credential): Promise<void> {
  const problems = await check(unsigned);
  if (problems.length)
    throw new AppError('credential-invalid', 'The credential would not be valid Open Badges 3.0', problems);
}

/** Sign: Data Integrity eddsa-rdfc-2022 (ob3-di, and the record of an edc issuance) or VC-JWT ES256. */
export async function sign(
  signer: CredentialSigner,
  issuer: IssuerRecord,
  format: CredentialFormat,
  unsigned: Credential,
): Promise<Signed> {
  return format === 'ob3-jwt'
    ? { credential: unsigned, jwt: await signer.jwt(issuer, unsigned) }
    : { credential: await signer.dataIntegrity(issuer, unsigned) };
}

/** Format `edc`: the EDC of the same award, validated (SHACL) and sealed now; `commit` stores it. */
export async function sealEdc(
  edc: Pick<EdcService, 'prepare'> | undefined,
  issuer: IssuerRecord,
  plan: IssuePlan,
  credentialId: string,
): Promise<{ commit: () => Promise<void> } | undefined> {
  if (plan.format !== 'edc') return undefined;
  if (!edc) throw new AppError('unprocessable-entity', 'European Digital Credentials are not set up');
  const { achievement, language, awardedDate, validUntil, result } = plan;
  const learner = learnerOf(issuer.id, plan);
  return edc.prepare({
    credentialId,
    issuer,
    achievement,
    learner,
    language,
    awardedDate,
    validUntil,
    result,
  });
}
