/** Who holds a bearer token: the platform admin, or one API key of one issuer. */
export type Principal = { kind: 'admin' } | { kind: 'issuer'; issuerId: string; apiKeyId: string };

/** Who acts, for which issuer, in which request: what every audited use case needs. */
export interface Actor {
  principal: Principal;
  issuerId: string;
  requestId?: string;
}

/** How an actor is named in records (status history, audit). */
export const actorName = (principal: Principal): string =>
  principal.kind === 'issuer' ? `api-key:${principal.apiKeyId}` : 'admin';
