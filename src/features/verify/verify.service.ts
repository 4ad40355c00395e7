import type { DocumentLoader } from 'jsonld';
import { createEddsaRdfc2022Cryptosuite, createExpansionMemo } from '../../core/jsonld/reused-expansion.js';
import { createShapeCache } from '../../core/jsonld/shapes.js';
import { createBitstringStatusChecker } from '../../core/status/index.js';
import { isEdcInput, type EdcVerificationReport } from '../../core/edc/verify.js';
import {
  combineControllerResolvers,
  createFetchBudget,
  createJsonSchemaSet,
  createRemoteResolver,
  createStatusListVerifier,
  verifyCredential,
  verifyPresentation,
  type DnsLookup,
  type FetchBudget,
  type RemoteFetch,
  type RemoteResolver,
  type VerificationReport,
  type VerifyDeps,
} from '../../core/verify/index.js';

/** What the verifier knows from our own store: no network needed for our issuers, lists and records. */
export interface OwnRecords {
  /** the published profile (controller document) of one of our issuers, by profile URL */
  profile(url: string): Promise<Record<string, unknown> | undefined>;
  /**
   * one of our status list credentials as our store holds it now, by its URL: trusted as stored, so
   * never verified again; reading it writes nothing
   */
  statusList(url: string): Promise<Record<string, unknown> | undefined>;
  /** the recorded status of one of our credentials, by its id URL, and who issued it */
  credentialStatus(url: string): Promise<{ status: string; issuerUrl: string } | undefined>;
}

/** One verification's reads of our own records, and what a read that failed means for it. */
export interface OwnRecordsScope {
  records: OwnRecords;
  /** throws "could not check" (or the read's own error) when a read of this verification failed */
  settle(): void;
}

export interface VerifyServiceDeps {
  documentLoader: DocumentLoader;
  /** a fresh scope of our own records for each verification */
  own: () => OwnRecordsScope;
  /** JSON Schemas the verifier holds (the OB 3.0 purl schemas) */
  schemas: Record<string, unknown>[];
  clock: () => Date;
  /** remote fetching of other issuers' keys and lists; undefined = off */
  remote?: { fetch: RemoteFetch; lookup: DnsLookup; allowPrivateNetworks: boolean };
  /** European Digital Credentials (sealed JWS JSON or JSON-LD) are verified by features/edc */
  edc?: (input: unknown) => Promise<EdcVerificationReport>;
}

/**
 * The credential record is ours and says suspended or revoked: report it even where the credential
 * cannot say so itself (an OB 3.0 credential has only a revocation entry). Applied only to a credential
 * whose proof and issuer checks passed and whose issuer is the one our record names.
 */
async function withOwnRecord(report: VerificationReport, own: OwnRecords): Promise<VerificationReport> {
  const id = report.credential?.id;
  const trusted = report.checks.every((c) => c.valid || (c.id !== 'proof' && c.id !== 'issuer'));
  if (typeof id !== 'string' || !trusted) return report;
  const record = await own.credentialStatus(id);
  if (!record || record.issuerUrl !== report.summary.issuerId) return report;
  if (record.status !== 'revoked' && record.status !== 'suspended') return report;
  const code = record.status;
  const detail = `the issuer has ${code} this credential (issuer's records)`;
  const checks = report.checks.filter((c) => c.id !== 'status');
  const at = report.checks.findIndex((c) => c.id === 'status');
  checks.splice(at < 0 ? checks.length : at, 0, { id: 'status', valid: false, code, detail });
  return { ...report, verified: false, checks, summary: { ...report.summary, status: code } };
}

/**
 * The status check of one verification: our own lists come from our store, the authority on them, so
 * only other issuers' lists are fetched and verified.
 */
function statusCheckerFor(
  base: VerifyDeps,
  own: OwnRecords,
  fetchRemote: ((id: string) => Promise<Record<string, unknown> | undefined>) | undefined,
  clock: () => Date,
): NonNullable<VerifyDeps['checkStatus']> {
  const ownLists = new WeakSet<object>();
  const fetchStatusList = async (url: string) => {
    const list = await own.statusList(url);
    if (list) ownLists.add(list);
    return list ?? (fetchRemote ? fetchRemote(url) : undefined);
  };
  const verifyList = createStatusListVerifier(base);
  return createBitstringStatusChecker({
    fetchStatusList,
    verifyListCredential: async (list) => (ownLists.has(list) ? { verified: true } : verifyList(list)),
    now: clock,
  });
}

/**
 * One verification with its own scope of reads: "could not check" is never a verdict, so when a
 * read of our records failed, the verification answers 503 (or that read's own error) instead.
 */
async function checked<R>(own: () => OwnRecordsScope, run: (records: OwnRecords) => Promise<R>): Promise<R> {
  const scope = own();
  const outcome = await run(scope.records).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  scope.settle();
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** A presentation is verified only if every credential in it is, our records of them included. */
async function presentationWithOwnRecords(
  report: Awaited<ReturnType<typeof verifyPresentation>>,
  records: OwnRecords,
) {
  const credentialResults = await Promise.all(report.credentialResults.map((r) => withOwnRecord(r, records)));
  const allGood = credentialResults.every((r) => r.verified);
  const checks = report.checks.map((c) =>
    c.id === 'credentials' && c.valid && !allGood
      ? {
          ...c,
          valid: false,
          code: 'credential-invalid' as const,
          detail: 'a credential in the presentation is not verified',
        }
      : c,
  );
  return { ...report, checks, credentialResults, verified: report.verified && allGood };
}

function remoteResolverOf({ remote, clock }: VerifyServiceDeps): RemoteResolver | undefined {
  return remote
    ? createRemoteResolver({
        fetch: remote.fetch,
        lookup: remote.lookup,
        now: () => clock().getTime(),
        allowPrivateNetworks: remote.allowPrivateNetworks,
      })
    : undefined;
}

export function createVerifyService(serviceDeps: VerifyServiceDeps) {
  const { documentLoader, own, schemas, clock, edc } = serviceDeps;
  const remoteResolver = remoteResolverOf(serviceDeps);
  const schemaSet = createJsonSchemaSet(schemas);
  // the json-ld check's expansion of a credential feeds the canonicalization its proof check makes
  const expansions = createExpansionMemo();
  const cryptosuite = createEddsaRdfc2022Cryptosuite({ expansions });
  const shapes = createShapeCache();
  /** One verification's deps: every remote request it makes, nested ones included, spends one budget. */
  const depsFor = (budget: FetchBudget, own: OwnRecords): VerifyDeps => {
    const fetchRemote = remoteResolver ? (id: string) => remoteResolver(id, budget) : undefined;
    const resolveController = combineControllerResolvers(own.profile, ...(fetchRemote ? [fetchRemote] : []));
    const base: VerifyDeps = {
      documentLoader,
      resolveController,
      schemas: schemaSet,
      now: clock,
      cryptosuite,
      expansions,
      shapes,
    };
    return { ...base, checkStatus: statusCheckerFor(base, own, fetchRemote, clock) };
  };
  const deps = (records: OwnRecords) => depsFor(createFetchBudget(), records);
  return {
    async verifyCredential(input: unknown): Promise<VerificationReport | EdcVerificationReport> {
      if (edc && isEdcInput(input)) return edc(input);
      return checked(own, async (records) =>
        withOwnRecord(await verifyCredential(input, deps(records)), records),
      );
    },
    verifyPresentation: (input: unknown, options: { challenge?: string; domain?: string }) =>
      checked(own, async (records) =>
        presentationWithOwnRecords(await verifyPresentation(input, options, deps(records)), records),
      ),
  };
}

export type VerifyService = ReturnType<typeof createVerifyService>;
