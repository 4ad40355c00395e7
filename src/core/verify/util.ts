import { AppError } from '../../errors.js';
import { CONTEXTS } from '../jsonld/contexts.js';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON-LD "one or many": a value, an array of values, or nothing. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The id of a node given either as an IRI string or as an object with `id`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

export function typesOf(node: unknown): string[] {
  return isRecord(node) ? asArray(node.type).filter((t): t is string => typeof t === 'string') : [];
}

/** OB 3.0 "OpenBadgeCredential Verification" applies to these types; EndorsementCredential has its own. */
export const BADGE_TYPES = ['OpenBadgeCredential', 'AchievementCredential'];
export const OB_CREDENTIAL_TYPES = [...BADGE_TYPES, 'EndorsementCredential'];

export function isBadge(credential: JsonRecord): boolean {
  return typesOf(credential).some((t) => BADGE_TYPES.includes(t));
}

export function isObCredential(credential: JsonRecord): boolean {
  return typesOf(credential).some((t) => OB_CREDENTIAL_TYPES.includes(t));
}

/** VC 1.1 credentials start their @context with the 2018 context. */
export function isVc1(credential: JsonRecord): boolean {
  return asArray(credential['@context'])[0] === CONTEXTS.VC_V1;
}

/** A plain-text value for display: a string, or the first value of a language map. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isRecord(value)) return Object.values(value).find((v): v is string => typeof v === 'string');
  return undefined;
}

/** The URL without its fragment: the document a verification method URL points into. */
export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The remote-fetch budget of this verification was spent: "could not check", with its own code. */
export function isBudgetExhausted(error: unknown): boolean {
  return error instanceof AppError && error.code === 'remote-fetch-budget-exhausted';
}
