import type { IssuerRecord, Lang } from '../types.js';
import { countryName } from '../vocab/country.js';
import { paths } from './constants.js';
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
 * The issuer Profile embedded in a credential (OB 3.0 §B.2.x Profile): its id is the https URL of the
 * issuer's public profile, which is also the controller document of its keys (DESIGN §4).
 */
export function buildIssuerProfile(issuer: IssuerRecord, lang: Lang, publicUrl: string): Profile {
  const { legalIdentifier } = issuer;
  const profile: Profile = {
    id: paths.issuer(publicUrl, issuer.slug),
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
