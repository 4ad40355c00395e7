import { issuerDidWeb } from '../did/did-web.js';
import type { IssuerRecord, Lang } from '../types.js';
import { countryName } from '../vocab/country.js';
import { ob3Error } from './errors.js';
import { pickText } from './text.js';
import type { Profile } from './types.js';

/** The issuer's legal name in `lang`, falling back en → lv → lt. */
export function issuerName(issuer: IssuerRecord, lang: Lang): string {
  const name = pickText(issuer.legalName, lang);
  if (!name) throw ob3Error('invalid-input', '/issuer/legalName', 'the issuer has no legal name');
  return name;
}

/**
 * The issuer Profile embedded in a credential (OB 3.0 §B.2.x Profile). Its id is the issuer's did:web
 * (`did:web:<host>:issuers:<slug>`), whose DID document lists the issuer's keys, so verifiers that
 * resolve only DIDs find them (DESIGN §4). `id` overrides it: the published Profile at the https URL
 * keeps that URL as its id, and credentials issued before the did:web named the URL too.
 */
export function buildIssuerProfile(
  issuer: IssuerRecord,
  lang: Lang,
  publicUrl: string,
  id: string = issuerDidWeb(publicUrl, issuer.slug),
): Profile {
  const { legalIdentifier } = issuer;
  const profile: Profile = {
    id,
    type: ['Profile'],
    name: issuerName(issuer, lang),
    url: issuer.homepage,
    email: issuer.email,
    address: {
      type: ['Address'],
      addressCountry: countryName(issuer.country, lang),
      addressCountryCode: issuer.country,
      ...(issuer.region ? { addressRegion: issuer.region } : {}),
    },
    otherIdentifier: [
      {
        type: 'IdentifierEntry',
        identifier: legalIdentifier.value,
        identifierType: legalIdentifier.identifierType ?? 'identifier',
      },
    ],
  };
  if (issuer.logo) profile.image = { id: issuer.logo, type: 'Image' };
  return profile;
}
