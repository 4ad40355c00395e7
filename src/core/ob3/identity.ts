import { createHash } from 'node:crypto';
import type { LearnerRecord } from '../types.js';
import type { IdentityObject } from './types.js';

/** Emails are compared case-insensitively in practice; hash the trimmed, lower-cased address. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * OB 3.0 IdentityHash (§B.2.4 IdentityObject / §B.3 Derived Types): `sha256$` + lowercase hex of
 * SHA-256 over the UTF-8 bytes of the identifier with the salt appended.
 */
export function identityHash(identifier: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(identifier + salt, 'utf8')
    .digest('hex')}`;
}

/** Whether a hashed email IdentityObject names this email (for "is this credential mine?" checks). */
export function identityMatchesEmail(identity: IdentityObject, email: string): boolean {
  if (identity.identityType !== 'emailAddress') return false;
  if (!identity.hashed) return normalizeEmail(identity.identityHash) === normalizeEmail(email);
  return identity.identityHash.toLowerCase() === identityHash(normalizeEmail(email), identity.salt ?? '');
}

/** The learner's full name as written on the credential. */
export function fullName(learner: Pick<LearnerRecord, 'givenName' | 'familyName'>): string {
  return `${learner.givenName.trim()} ${learner.familyName.trim()}`;
}

/**
 * The recipient's IdentityObjects (DESIGN §1): the salted hash of the email (private) and the full name
 * in clear (so that the credential names its holder when shown to an employer).
 */
export function recipientIdentifiers(learner: LearnerRecord, salt: string): IdentityObject[] {
  return [
    {
      type: 'IdentityObject',
      identityHash: identityHash(normalizeEmail(learner.email), salt),
      identityType: 'emailAddress',
      hashed: true,
      salt,
    },
    { type: 'IdentityObject', identityHash: fullName(learner), identityType: 'name', hashed: false },
  ];
}
