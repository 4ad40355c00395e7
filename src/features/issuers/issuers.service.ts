import { randomUUID } from 'node:crypto';
import { didKeyFromMultibase } from '../../core/did/did-key.js';
import { buildIssuerDidDocument } from '../../core/profile/issuer-did-document.js';
import { issuerIdentities, type PublishedKey } from '../../core/profile/issuer-profile.js';
import type { IssuerRecord } from '../../core/types.js';
import type { Principal } from '../../actor.js';
import { AppError, notFound, type FieldError } from '../../errors.js';
import type { ApiKeyInfo, ApiKeys } from '../api-keys/api-keys.repository.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { IssuerKeys } from './issuer-keys.repository.js';
import type { IssuersRepository } from './issuers.repository.js';

export type IssuerInput = Omit<IssuerRecord, 'id' | 'status' | 'createdAt' | 'updatedAt'>;

/**
 * An issuer as the API shows it: the record plus the identifiers it issues under, so operators (and
 * the W3C suites' configuration) can find them: `did` is its did:web (OB 3.0 credentials), `didKey`
 * the did:key of its current Ed25519 key (W3C VC-API credentials; it changes when keys rotate).
 */
export type IssuerView = IssuerRecord & { did: string; didKey?: string };

export interface IssuersDeps {
  repo: IssuersRepository;
  keys: IssuerKeys;
  apiKeys: ApiKeys;
  audit: AuditLog;
  publicUrl: string;
}

interface Caller {
  principal: Principal;
  requestId?: string;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

function countryErrors(input: Partial<IssuerInput>): FieldError[] {
  const checks: Array<[string, string | undefined]> = [
    ['/country', input.country],
    ['/legalIdentifier/country', input.legalIdentifier?.country],
  ];
  return checks
    .filter(([, code]) => code !== undefined && !regionNames.of(code))
    .map(([pointer, code]) => ({ pointer, detail: `"${code}" is not an ISO 3166-1 alpha-2 country code` }));
}

function assertCountries(input: Partial<IssuerInput>): void {
  const errors = countryErrors(input);
  if (errors.length > 0) throw new AppError('unprocessable-entity', 'Unknown country code', errors);
}

const slugTaken = () =>
  new AppError('conflict', 'An issuer with this slug exists', [
    { pointer: '/slug', detail: 'is already taken' },
  ]);

const log = (
  { audit }: IssuersDeps,
  caller: Caller,
  issuerId: string,
  action: string,
  targetType = 'issuer',
  targetId = issuerId,
) =>
  audit.append({
    principal: caller.principal,
    issuerId,
    action,
    targetType,
    targetId,
    requestId: caller.requestId,
  });

/** The record with its identifiers; `didKeys` maps issuer id → current Ed25519 public multibase. */
function withIds(publicUrl: string, issuer: IssuerRecord, didKeys: Map<string, string>): IssuerView {
  const multibase = didKeys.get(issuer.id);
  return {
    ...issuer,
    did: issuerIdentities(publicUrl, issuer.slug).did,
    ...(multibase ? { didKey: didKeyFromMultibase(multibase) } : {}),
  };
}

const view = async ({ keys, publicUrl }: IssuersDeps, issuer: IssuerRecord): Promise<IssuerView> =>
  withIds(publicUrl, issuer, await keys.currentEd25519([issuer.id]));

/** Admin sees every issuer; an issuer key sees only its own (others are 404, not 403). */
async function visible({ repo }: IssuersDeps, principal: Principal, id: string): Promise<IssuerRecord> {
  const issuer = await repo.get(id);
  if (!issuer || (principal.kind === 'issuer' && principal.issuerId !== id)) throw notFound('Issuer');
  return issuer;
}

/** Inserts the issuer, its keys and first API key; undoes all of it if any step fails. */
async function provision(
  { repo, keys, apiKeys }: IssuersDeps,
  input: IssuerInput,
): Promise<{ issuer: IssuerRecord; apiKey: string; keyInfo: ApiKeyInfo }> {
  const issuer = await repo
    .insert({ ...input, id: randomUUID(), status: 'active' })
    .catch((error: { code?: number }) => {
      throw error?.code === 11000 ? slugTaken() : error;
    });
  try {
    await keys.rotate(issuer.id);
    const { apiKey, info } = await apiKeys.create(issuer.id, 'initial key');
    return { issuer, apiKey, keyInfo: info };
  } catch (error) {
    await Promise.allSettled([keys.discard(issuer.id), apiKeys.discard(issuer.id), repo.remove(issuer.id)]);
    throw error;
  }
}

/** A new issuer with its keys and first API key (shown only in this answer). */
async function createIssuer(deps: IssuersDeps, caller: Caller, input: IssuerInput) {
  assertCountries(input);
  if (await deps.repo.bySlug(input.slug)) throw slugTaken();
  const { issuer, apiKey, keyInfo } = await provision(deps, input);
  await log(deps, caller, issuer.id, 'issuer.created');
  await log(deps, caller, issuer.id, 'api-key.created', 'api-key', keyInfo.id);
  const shown = await view(deps, issuer);
  const { profileUrl } = issuerIdentities(deps.publicUrl, issuer.slug);
  return {
    issuer: shown,
    apiKey,
    apiKeyId: keyInfo.id,
    profileUrl,
    did: shown.did,
    didKey: shown.didKey,
  };
}

async function updateIssuer(
  deps: IssuersDeps,
  caller: Caller,
  id: string,
  changes: Partial<IssuerInput> & { status?: string },
): Promise<IssuerView> {
  await visible(deps, caller.principal, id);
  if (changes.status !== undefined && caller.principal.kind !== 'admin') {
    throw new AppError('forbidden', 'Only the platform admin can archive or reactivate an issuer');
  }
  assertCountries(changes);
  const updated = await deps.repo.update(id, changes);
  if (!updated) throw notFound('Issuer');
  await log(deps, caller, id, 'issuer.updated');
  return view(deps, updated);
}

/** The issuer records: created and listed by the admin, read and changed by the issuer too. */
function issuerUseCases(deps: IssuersDeps) {
  const { repo, keys, publicUrl } = deps;
  return {
    create: (caller: Caller, input: IssuerInput) => createIssuer(deps, caller, input),
    async list(paging: PageRequest): Promise<Page<IssuerView>> {
      const page = await repo.list(paging);
      const didKeys = await keys.currentEd25519(page.items.map((i) => i.id));
      return { ...page, items: page.items.map((issuer) => withIds(publicUrl, issuer, didKeys)) };
    },
    get: async (principal: Principal, id: string) => view(deps, await visible(deps, principal, id)),
    update: (caller: Caller, id: string, changes: Partial<IssuerInput> & { status?: string }) =>
      updateIssuer(deps, caller, id, changes),
    /** New current keys; the answer names the did:key VC-API credentials are now issued as. */
    async rotateKeys(caller: Caller, id: string): Promise<{ keys: PublishedKey[]; didKey?: string }> {
      const issuer = await visible(deps, caller.principal, id);
      const published = await keys.rotate(id);
      await log(deps, caller, id, 'issuer.keys-rotated');
      return { keys: published, ...issuerIdentities(publicUrl, issuer.slug, published) };
    },
  };
}

/** An issuer's API keys, for the admin or the issuer itself. */
function apiKeyUseCases(deps: IssuersDeps) {
  const { apiKeys } = deps;
  return {
    async createApiKey(caller: Caller, id: string, label?: string) {
      await visible(deps, caller.principal, id);
      const created = await apiKeys.create(id, label);
      await log(deps, caller, id, 'api-key.created', 'api-key', created.info.id);
      return created;
    },
    async listApiKeys(principal: Principal, id: string): Promise<ApiKeyInfo[]> {
      await visible(deps, principal, id);
      return apiKeys.list(id);
    },
    async revokeApiKey(caller: Caller, id: string, keyId: string): Promise<ApiKeyInfo> {
      await visible(deps, caller.principal, id);
      const revoked = await apiKeys.revoke(id, keyId);
      if (!revoked) throw notFound('API key');
      await log(deps, caller, id, 'api-key.revoked', 'api-key', keyId);
      return revoked;
    },
  };
}

/** What anyone may read by slug: the profile and the did:web document, with every key ever used. */
function publicUseCases({ repo, keys, publicUrl }: IssuersDeps) {
  /** The public profile: the issuer and every key it ever signed with; undefined for an unknown slug. */
  const findPublicProfile = async (
    slug: string,
  ): Promise<{ issuer: IssuerRecord; keys: PublishedKey[] } | undefined> => {
    const issuer = await repo.bySlug(slug);
    return issuer && { issuer, keys: await keys.published(issuer.id) };
  };
  const publicProfile = async (slug: string): Promise<{ issuer: IssuerRecord; keys: PublishedKey[] }> => {
    const found = await findPublicProfile(slug);
    if (!found) throw notFound('Issuer');
    return found;
  };
  return {
    publicProfile,
    findPublicProfile,
    /** The DID document of the issuer's did:web: every key it ever signed with. */
    async didDocument(slug: string): Promise<Record<string, unknown>> {
      const { issuer, keys: published } = await publicProfile(slug);
      return buildIssuerDidDocument(issuer.slug, published, publicUrl);
    },
    /** The DID document of the issuer's did:web, or undefined for an unknown slug. */
    async findDidDocument(slug: string): Promise<Record<string, unknown> | undefined> {
      const found = await findPublicProfile(slug);
      return found && buildIssuerDidDocument(found.issuer.slug, found.keys, publicUrl);
    },
  };
}

export function createIssuersService(deps: IssuersDeps) {
  return { ...issuerUseCases(deps), ...apiKeyUseCases(deps), ...publicUseCases(deps) };
}

export type IssuersService = ReturnType<typeof createIssuersService>;
