import type { ResolvedController } from '../controller.js';
import type { ParsedJwt } from '../parse.js';
import type { Check, CheckCode, CheckId, VerifyDeps } from '../types.js';
import type { JsonRecord } from '../util.js';

/** What every check of one credential sees. */
export interface CheckContext {
  credential: JsonRecord;
  jwt?: ParsedJwt;
  deps: VerifyDeps;
  /** read once per verification, so every check judges against the same instant */
  now: Date;
  warnings: string[];
  /** controller documents, each resolved at most once per verification */
  controller: (id: string) => Promise<ResolvedController>;
}

export const pass = (id: CheckId, detail: string): Check => ({ id, valid: true, detail });

export const fail = (id: CheckId, code: CheckCode, detail: string): Check => ({
  id,
  valid: false,
  code,
  detail,
});
