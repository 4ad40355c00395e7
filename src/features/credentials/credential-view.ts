import type { CredentialDoc } from './credential.model.js';
import type { CredentialSummary } from './credentials.repository.js';
import { credentialLinks } from './links.js';

/** A credential as the issuer API shows it: its record, its links and (but in lists) the document. */
export interface CredentialView {
  id: string;
  format: CredentialDoc['format'];
  status: CredentialDoc['status'];
  statusHistory: Array<{ status: string; reason?: string; at: string }>;
  issuerId: string;
  achievementId?: string;
  learnerId?: string;
  language?: string;
  awardedDate?: string;
  createdAt: string;
  credential: Record<string, unknown>;
  jwt?: string;
  links: Record<string, string>;
}

export type CredentialSummaryView = Omit<CredentialView, 'credential' | 'jwt'>;

const iso = (date: Date | string): string => new Date(date).toISOString();

export function credentialViews(publicUrl: string) {
  const summary = (doc: CredentialSummary): CredentialSummaryView => ({
    id: doc._id,
    format: doc.format,
    status: doc.status,
    statusHistory: doc.statusHistory.map((h) => ({
      status: h.status,
      ...(h.reason ? { reason: h.reason } : {}),
      at: iso(h.at),
    })),
    issuerId: doc.issuerId,
    ...(doc.achievementId ? { achievementId: doc.achievementId } : {}),
    ...(doc.learnerId ? { learnerId: doc.learnerId } : {}),
    ...(doc.language ? { language: doc.language } : {}),
    ...(doc.awardedDate ? { awardedDate: iso(doc.awardedDate) } : {}),
    createdAt: iso(doc.createdAt),
    links: credentialLinks(publicUrl, doc._id, doc.format),
  });
  const view = (doc: CredentialDoc): CredentialView => ({
    ...summary(doc),
    credential: doc.credential,
    ...(doc.jwt ? { jwt: doc.jwt } : {}),
  });
  return { summary, view };
}
