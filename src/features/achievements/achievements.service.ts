import type { AchievementRecord, Lang, LangMap } from '../../core/types.js';
import { AppError, notFound, type FieldError } from '../../errors.js';
import type { AuditLog } from '../audit/audit.repository.js';
import type { Actor } from '../../actor.js';
import { createLifecycle } from '../shared/lifecycle.js';
import type { ScopedRepository } from '../shared/scoped-repository.js';

export type AchievementInput = Omit<
  AchievementRecord,
  'id' | 'issuerId' | 'status' | 'createdAt' | 'updatedAt' | 'version'
> & {
  version?: string;
};

export interface AchievementsDeps {
  repo: ScopedRepository<AchievementRecord>;
  audit: AuditLog;
  /** ISCED-F 2013 code known to the EU vocabulary */
  isIscedField: (code: string) => boolean;
}

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

async function semanticErrors(
  deps: AchievementsDeps,
  issuerId: string,
  a: AchievementInput,
): Promise<FieldError[]> {
  const errors = languageGaps(a);
  if (!deps.isIscedField(a.iscedField))
    errors.push({ pointer: '/iscedField', detail: `"${a.iscedField}" is not an ISCED-F 2013 field code` });
  const scheme = a.gradeScheme;
  if (scheme?.requiredValue && scheme.allowedValues && !scheme.allowedValues.includes(scheme.requiredValue)) {
    errors.push({ pointer: '/gradeScheme/requiredValue', detail: 'must be one of allowedValues' });
  }
  for (const key of ['isPartOf', 'combines'] as const) {
    for (const [i, ref] of (a.stackability?.[key] ?? []).entries()) {
      if (!ref.startsWith('https://') && !(await deps.repo.get(issuerId, ref))) {
        errors.push({
          pointer: `/stackability/${key}/${i}`,
          detail: 'no achievement of this issuer has this id',
        });
      }
    }
  }
  return errors;
}

async function assertValid(deps: AchievementsDeps, issuerId: string, a: AchievementInput): Promise<void> {
  const errors = await semanticErrors(deps, issuerId, a);
  if (errors.length > 0)
    throw new AppError('unprocessable-entity', 'The achievement is incomplete or inconsistent', errors);
}

export function createAchievementsService(deps: AchievementsDeps) {
  const lifecycle = createLifecycle(deps.repo, deps.audit, 'achievement', 'Achievement');
  return {
    get: lifecycle.get,
    /** An achievement definition by id, whoever issued it: its editions are public (credentials embed them). */
    getPublic: async (id: string): Promise<AchievementRecord> => {
      const found = await deps.repo.getPublic(id);
      if (!found) throw notFound('Achievement');
      return found;
    },
    list: lifecycle.list,
    archive: lifecycle.archive,

    async create(actor: Actor, input: AchievementInput): Promise<AchievementRecord> {
      await assertValid(deps, actor.issuerId, input);
      return lifecycle.create(actor, { version: '1.0', ...input });
    },

    update: (actor: Actor, id: string, changes: Partial<AchievementInput>): Promise<AchievementRecord> =>
      lifecycle.update(actor, id, changes, (merged) => assertValid(deps, actor.issuerId, merged)),
  };
}

export type AchievementsService = ReturnType<typeof createAchievementsService>;
