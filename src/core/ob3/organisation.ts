import type { Lang, Organisation } from '../types.js';
import { countryName } from '../vocab/country.js';
import { pickText } from './text.js';
import type { Profile } from './types.js';

/**
 * An organisation without a profile of its own as an OB 3.0 Profile (§B.2.7): its name in `lang`, its
 * country, URL and register identifier. `id` is minted by the caller (a fragment of the edition that
 * names it), because the body publishes no profile Tilts could point at.
 */
export function organisationProfile(body: Organisation, lang: Lang, id: string): Profile {
  const profile: Profile = {
    id,
    type: ['Profile'],
    name: pickText(body.name, lang) ?? '',
    address: {
      type: ['Address'],
      addressCountry: countryName(body.country, lang),
      addressCountryCode: body.country,
    },
  };
  if (body.url) profile.url = body.url;
  if (body.identifier)
    profile.otherIdentifier = [
      { type: 'IdentifierEntry', identifier: body.identifier, identifierType: 'identifier' },
    ];
  return profile;
}
