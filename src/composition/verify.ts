import { ownRecords } from '../features/verify/own-records.js';
import { createVerifyService } from '../features/verify/verify.service.js';
import { createVerifyFileService } from '../features/renderings/verify-file.service.js';
import { rateLimit } from '../http/rate-limit.js';
import { dnsLookup, pinnedFetch } from '../infra/remote-fetch.js';
import type { Base } from './context.js';
import type { Credentials } from './credentials.js';
import type { JsonLd } from './jsonld.js';
import type { Records } from './records.js';
import {
  loadReference,
  OB3_ENDORSEMENT_SCHEMA_FILE,
  OB3_PROFILE_SCHEMA_FILE,
  OB3_SCHEMA_FILE,
} from './reference.js';

/** The verifier's network access: none unless REMOTE_FETCH is on. */
function remoteAccess({ config, options }: Base) {
  if (!config.remoteFetch) return undefined;
  return {
    fetch: options.remoteFetch ?? pinnedFetch,
    lookup: options.dnsLookup ?? dnsLookup,
    allowPrivateNetworks: config.remoteFetchAllowPrivate,
  };
}

/** The verifier, reading our own records from the store, guarded so "could not check" is a 503. */
export function buildVerify(base: Base, records: Records, credentials: Credentials, jsonLd: JsonLd) {
  const { config, clock } = base;
  const { issuers, issuerById } = records;
  const { status, edc } = credentials;
  const own = ownRecords({
    issuers,
    status,
    credentials: credentials.credentials,
    issuerById,
    publicUrl: config.publicUrl,
  });
  const verify = createVerifyService({
    documentLoader: jsonLd.contextLoader,
    own,
    edc: (input) => edc.verify(input),
    schemas: [OB3_SCHEMA_FILE, OB3_ENDORSEMENT_SCHEMA_FILE, OB3_PROFILE_SCHEMA_FILE].map((f) =>
      loadReference(config, f),
    ),
    clock,
    remote: remoteAccess(base),
  });
  // "could not check" is a 503, never a verdict: each verification settles its own reads
  const checked = verify;
  const verifyFile = createVerifyFileService({
    verify: checked,
    credentials: credentials.credentials,
    publicUrl: config.publicUrl,
  });
  // one limiter: every public verify endpoint draws on the same per-address allowance
  return { checked, verifyFile, verifyLimit: rateLimit(config.verifyRateLimit) };
}

export type Verify = ReturnType<typeof buildVerify>;
