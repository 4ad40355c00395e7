import type { JsonRecord } from '../verify/util.js';

/** One alignment target as the signed credential names it. */
export interface FactConcept {
  name: string;
  url?: string;
  code?: string;
  framework?: string;
  description?: string;
}

/** The kind of EU micro-credential element an alignment states. */
export type Kind =
  | 'eqf'
  | 'nqf'
  | 'field'
  | 'skill'
  | 'assessment'
  | 'participation'
  | 'setting'
  | 'qa'
  | 'qaBody'
  | 'supervision'
  | 'stackMode'
  | 'credit'
  | 'hours'
  | 'isPartOf'
  | 'combines'
  | 'other';

const BY_TYPE: Record<string, Kind> = {
  'ext:EQFLevel': 'eqf',
  'ext:NQFLevel': 'nqf',
  'ext:ISCEDF': 'field',
  'ext:ESCOSkill': 'skill',
  'ext:AssessmentType': 'assessment',
  'ext:ModeOfLearning': 'participation',
  'ext:LearningSetting': 'setting',
  'ext:QualityAssurance': 'qa',
  'ext:QualityAssuranceBody': 'qaBody',
  'ext:Supervision': 'supervision',
  'ext:StackabilityOption': 'stackMode',
  'ext:CreditSystem': 'credit',
  'ext:CreditPoints': 'credit',
  'ext:VolumeOfLearning': 'hours',
  'ext:IsPartOf': 'isPartOf',
  'ext:Combines': 'combines',
};
const BY_URL: Array<[RegExp, Kind]> = [
  [/^https?:\/\/data\.europa\.eu\/snb\/eqf\//, 'eqf'],
  [/^https?:\/\/data\.europa\.eu\/snb\/qdr\//, 'nqf'],
  [/^https?:\/\/data\.europa\.eu\/snb\/isced-f\//, 'field'],
  [/^https?:\/\/data\.europa\.eu\/esco\/skill\//, 'skill'],
  [/^https?:\/\/data\.europa\.eu\/snb\/assessment\//, 'assessment'],
  [/^https?:\/\/data\.europa\.eu\/snb\/learning-assessment\//, 'participation'],
  [/^https?:\/\/data\.europa\.eu\/snb\/learning-setting\//, 'setting'],
  [/^https?:\/\/data\.europa\.eu\/snb\/accreditation\//, 'qa'],
  [/^https?:\/\/data\.europa\.eu\/snb\/supervision-verification\//, 'supervision'],
  [/\/vocab\/supervision\/[a-z-]+$/, 'supervision'],
  [/^https?:\/\/data\.europa\.eu\/snb\/education-credit\//, 'credit'],
];

/** Recognised by its `targetType`, else by the EU vocabulary (or Tilts' own) its target URL is in. */
export function kindOf(a: JsonRecord): Kind {
  const type = typeof a.targetType === 'string' ? a.targetType : '';
  const url = typeof a.targetUrl === 'string' ? a.targetUrl : '';
  if (BY_TYPE[type]) return BY_TYPE[type];
  if (/workload|hours|volume/i.test(type)) return 'hours';
  const code = `${String(a.targetCode ?? '')} ${type}`.toLowerCase();
  if (type === 'ceterms:Credential' && /part-?of/.test(code)) return 'isPartOf';
  if (type === 'ceterms:Credential' && /combine|has-?part/.test(code)) return 'combines';
  return BY_URL.find(([re]) => re.test(url))?.[1] ?? 'other';
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** An alignment as a concept: named by its `targetName`, else by its URL. */
export function conceptOf(a: JsonRecord): FactConcept {
  return {
    name: str(a.targetName) ?? str(a.targetUrl) ?? '',
    url: str(a.targetUrl),
    code: str(a.targetCode),
    framework: str(a.targetFramework),
    description: str(a.targetDescription),
  };
}
