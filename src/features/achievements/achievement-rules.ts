import type { AchievementRecord, Lang, LangMap, Stackability } from '../../core/types.js';
import { AppError, type FieldError } from '../../errors.js';

/** What a create or update request may set: the record without the fields the service keeps. */
export type AchievementInput = Omit<
  AchievementRecord,
  'id' | 'issuerId' | 'status' | 'createdAt' | 'updatedAt' | 'version' | 'stackability'
> & { stackability?: StackabilityInput };

export type StackabilityInput = Partial<Stackability> & Pick<Stackability, 'mode'>;

const langs = (map: LangMap | undefined): Lang[] => Object.keys(map ?? {}) as Lang[];

/** Every language of the title must be complete in each text an edition needs. */
function languageGaps(a: AchievementInput): FieldError[] {
  const errors: FieldError[] = [];
  const need = langs(a.title);
  const texts: Array<[string, LangMap | undefined]> = [
    ['/description', a.description],
    ['/criteria', a.criteria],
    ...a.learningOutcomes.map((o, i): [string, LangMap] => [`/learningOutcomes/${i}/text`, o.text]),
  ];
  if (a.gradeScheme) texts.push(['/gradeScheme/name', a.gradeScheme.name]);
  for (const [pointer, map] of texts) {
    for (const lang of need) {
      if (!map?.[lang])
        errors.push({
          pointer: `${pointer}/${lang}`,
          detail: `is required: the title has a "${lang}" edition`,
        });
    }
  }
  return errors;
}

/** Stackability lists with their defaults: absent lists are empty. */
export function normalizeStackability(input: StackabilityInput | undefined): Stackability | undefined {
  if (!input) return undefined;
  return { mode: input.mode, isPartOf: [...(input.isPartOf ?? [])], combines: [...(input.combines ?? [])] };
}

export const isExternalRef = (ref: string): boolean => ref.startsWith('https://');

export interface RuleDeps {
  isIscedField: (code: string) => boolean;
  /** one of the issuer's achievements, or undefined */
  findOwn: (id: string) => Promise<AchievementRecord | undefined>;
}

async function stackabilityErrors(
  deps: RuleDeps,
  id: string | undefined,
  s: Stackability | undefined,
): Promise<FieldError[]> {
  if (!s) return [];
  const errors: FieldError[] = [];
  if (s.mode === 'stand-alone' && s.isPartOf.length > 0)
    errors.push({
      pointer: '/stackability/mode',
      detail: 'a micro-credential that is part of another credential is "integrated"',
    });
  for (const key of ['isPartOf', 'combines'] as const) {
    for (const [i, ref] of s[key].entries()) {
      const pointer = `/stackability/${key}/${i}`;
      if (isExternalRef(ref)) continue;
      if (ref === id) errors.push({ pointer, detail: 'an achievement cannot stack with itself' });
      else if (key === 'combines' && s.isPartOf.includes(ref))
        errors.push({ pointer, detail: 'is also in isPartOf: one direction only' });
      else {
        const found = await deps.findOwn(ref);
        if (!found) errors.push({ pointer, detail: 'no achievement of this issuer has this id' });
        else if (found.status !== 'active') errors.push({ pointer, detail: 'the achievement is archived' });
      }
    }
  }
  return errors;
}

/** Checks what the JSON Schema cannot: languages, ISCED-F codes, the grade scheme, stackability links. */
export async function assertValid(
  deps: RuleDeps,
  a: AchievementInput & { stackability?: Stackability },
  id?: string,
): Promise<void> {
  const errors = languageGaps(a);
  if (!deps.isIscedField(a.iscedField))
    errors.push({ pointer: '/iscedField', detail: `"${a.iscedField}" is not an ISCED-F 2013 field code` });
  const scheme = a.gradeScheme;
  if (scheme?.requiredValue && scheme.allowedValues && !scheme.allowedValues.includes(scheme.requiredValue)) {
    errors.push({ pointer: '/gradeScheme/requiredValue', detail: 'must be one of allowedValues' });
  }
  errors.push(...(await stackabilityErrors(deps, id, a.stackability)));
  if (errors.length > 0)
    throw new AppError('unprocessable-entity', 'The achievement is incomplete or inconsistent', errors);
}

/** Fields of earlier request shapes, answered with the field that replaced them. */
const RENAMED: Readonly<Record<string, string>> = {
  ectsCredits:
    'was replaced by /workload/credits: {"system": "ects", "value": 3} (ECTS, ECVET or a national unit: lv-vet, lt-vet)',
  notionalHours: 'was replaced by /workload/hours',
  version: 'versions are numbered by the service: every change of content makes the next version',
};

const LEGACY_SUPERVISION_DETAIL = (value: string, key: string) =>
  `"${value}" is no longer a value: supervision uses the EU supervision-verification scheme; use "${key}"`;

/**
 * Refuses request fields and values of the earlier API with a 400 that names their replacement, before
 * the schema's generic "is not a known field".
 */
export function rejectRenamedFields(
  body: unknown,
  legacySupervision: Readonly<Record<string, { key: string }>>,
): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(RENAMED)
    .filter((key) => key in record)
    .map((key) => ({ pointer: `/${key}`, detail: RENAMED[key] as string }));
  const supervision = record.supervision;
  if (typeof supervision === 'string' && Object.hasOwn(legacySupervision, supervision))
    errors.push({
      pointer: '/supervision',
      detail: LEGACY_SUPERVISION_DETAIL(supervision, legacySupervision[supervision]?.key ?? ''),
    });
  if (errors.length > 0)
    throw new AppError('invalid-request', 'The request uses fields that were renamed', errors);
}
