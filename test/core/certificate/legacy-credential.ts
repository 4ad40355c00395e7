type Doc = Record<string, unknown>;

/** A credential as Tilts issued them before versioned definitions (lv): workload only in the narrative. */
export function legacyCredential(): Doc {
  return {
    id: 'https://tilts.example/credentials/1',
    name: 'Digitālā satura veidošana',
    issuer: {
      id: 'https://tilts.example/issuers/rvt',
      name: 'Rīgas Valsts tehnikums',
      url: 'https://www.rvt.lv',
      address: { addressCountry: 'Latvija', addressRegion: 'Rīga' },
    },
    validFrom: '2026-03-01T10:00:00Z',
    awardedDate: '2026-02-27T10:00:00Z',
    credentialSubject: {
      identifier: [
        { identityType: 'emailAddress', hashed: true, identityHash: 'sha256$abc', salt: 'x' },
        { identityType: 'name', hashed: false, identityHash: 'Ģirts Ķēniņš' },
      ],
      creditsEarned: 3,
      result: [{ value: '8', resultDescription: 'https://tilts.example/a/lv#result' }],
      achievement: {
        id: 'https://tilts.example/achievements/a/lv',
        name: 'Digitālā satura veidošana',
        achievementType: 'MicroCredential',
        inLanguage: 'lv',
        creditsAvailable: 3,
        criteria: {
          narrative:
            'Praktiskais darbs.\n\n**Mācīšanās rezultāti**\n\n- Izveido saturu.\n- Sadarbojas komandā.\n\n**Priekšnosacījumi:** Datora pamati.\n\n**Paredzētā darba slodze:** 80 st. (3 ECTS)',
        },
        resultDescription: [
          { id: 'https://tilts.example/a/lv#result', name: '10 ballu skala', requiredValue: '4' },
        ],
        alignment: [
          {
            targetName: 'EKI 4. līmenis',
            targetUrl: 'http://data.europa.eu/snb/eqf/4',
            targetType: 'ext:EQFLevel',
          },
          {
            targetName: 'Izveido saturu.',
            targetUrl: 'http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a',
            targetType: 'ext:ESCOSkill',
          },
          {
            targetName: 'Uzraudzīta tiešsaistē, ar identitātes pārbaudi',
            targetUrl: 'https://tilts.example/vocab/supervision/supervised-online-identity-verification',
            targetType: 'ext:Supervision',
          },
          {
            targetName: 'https://tilts.example/achievements/9',
            targetUrl: 'https://tilts.example/achievements/9',
            targetType: 'ext:IsPartOf',
          },
        ],
      },
    },
  };
}
