import type { IssuerRecord } from '../types.js';
import { country } from '../vocab/index.js';
import type { SealIdentity } from './types.js';
import type { CertificateInfo, SelfSignedSealRequest } from './x509.js';

const SELF_SIGNED_YEARS = 3;

/** ETSI EN 319 412-1 §5.1.4 identifier from the issuer's registration: `NTR` + country + `-` + number. */
const registrationIdentifier = (issuer: IssuerRecord): string =>
  `NTR${issuer.legalIdentifier.country.toUpperCase()}-${issuer.legalIdentifier.value}`;

/**
 * The EDC issuer's `eIDASIdentifier` as its seal certificate states it (organizationIdentifier, whose
 * characters 4–5 name the country), else the issuer's registration in the same form.
 */
export function sealIdentityOf(info: CertificateInfo, issuer: IssuerRecord): SealIdentity {
  const id = info.organizationIdentifier;
  const fromId = id && /^[A-Z]{3}[A-Z]{2}-/.test(id) ? id.slice(3, 5) : undefined;
  const code = [fromId, info.country].find((c) => c && country(c));
  if (id && code) return { notation: id, country: code };
  return { notation: registrationIdentifier(issuer), country: issuer.legalIdentifier.country.toUpperCase() };
}

/** The self-signed seal certificate made for an issuer until it uploads its own. */
export function selfSignedSealRequest(issuer: IssuerRecord, now: Date): SelfSignedSealRequest {
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + SELF_SIGNED_YEARS);
  return {
    organization:
      issuer.legalName.lv ?? issuer.legalName.en ?? Object.values(issuer.legalName)[0] ?? issuer.slug,
    organizationIdentifier: registrationIdentifier(issuer),
    country: issuer.country,
    // an hour of slack so a verifier whose clock lags still sees it valid
    notBefore: new Date(now.getTime() - 3_600_000),
    notAfter,
  };
}
