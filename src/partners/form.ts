// The partner form: one schema for create and edit, kind-specific fields included.
import { z } from 'zod';
import { choice, country, key, optionalChoice, optionalDate, optionalMoney, perLocale, requiredText, text, url } from '../lib/form.js';
import type { Locale } from '../i18n/index.js';
import { moneyInputValue } from '../lib/numbers.js';

import { ORGANISATION_TYPES, PARTNER_KINDS, type PartnerKind } from '../lib/words.js';

export { ORGANISATION_TYPES, PARTNER_KINDS, type PartnerKind };

/** "a, b ,, c" -> "a, b, c": trimmed, no empties, no duplicates (case-insensitive). */
export function normaliseTags(input: string): string {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of input.split(',')) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags.join(', ');
}

/** One schema for create, edit and import; amounts are read in the user's locale. */
export const partnerSchema = perLocale((locale) =>
  z.preprocess(
    withoutOtherKindsFields,
    z
      .object({
        kind: choice(PARTNER_KINDS),
        organisationType: optionalChoice(ORGANISATION_TYPES),
        name: requiredText(200),
        country: country(true),
        cityRegion: text(200),
        website: url(),
        description: text(5000),
        tags: text(500).transform(normaliseTags),
        annualFee: optionalMoney(locale),
        workingGroups: text(2000),
        fundingProgramme: text(200),
        projectStartOn: optionalDate(),
        projectEndOn: optionalDate(),
        projectBudget: optionalMoney(locale),
      })
      .superRefine((v, ctx) => {
        if (v.projectStartOn && v.projectEndOn && v.projectEndOn < v.projectStartOn) {
          ctx.addIssue({ code: 'custom', path: ['projectEndOn'], message: key('partners.error.endBeforeStart') });
        }
      }),
  ),
);

/** The form shows a network's and a project's own fields only for that kind: what is left in the others is not read. */
function withoutOtherKindsFields(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const values = { ...(body as Record<string, unknown>) };
  if (values.kind !== 'network' && values.kind !== 'regional_office') Object.assign(values, { annualFee: '', workingGroups: '' });
  if (values.kind !== 'project') Object.assign(values, { fundingProgramme: '', projectStartOn: '', projectEndOn: '', projectBudget: '' });
  return values;
}

export type PartnerInput = z.output<ReturnType<typeof partnerSchema>>;

/** The row values a valid form writes. Fields that do not belong to the kind are cleared. */
export function partnerValues(input: PartnerInput) {
  const isNetwork = input.kind === 'network' || input.kind === 'regional_office';
  const isProject = input.kind === 'project';
  return {
    kind: input.kind,
    organisationType: input.kind === 'organisation' ? (input.organisationType ?? 'other') : null,
    name: input.name,
    country: input.country,
    cityRegion: input.cityRegion,
    website: input.website,
    description: input.description,
    tags: input.tags,
    annualFeeMinor: isNetwork ? input.annualFee : null,
    workingGroups: isNetwork ? input.workingGroups : '',
    fundingProgramme: isProject ? input.fundingProgramme : '',
    projectStartOn: isProject ? input.projectStartOn : null,
    projectEndOn: isProject ? input.projectEndOn : null,
    projectBudgetMinor: isProject ? input.projectBudget : null,
  };
}

/** Form values from a stored row (money back to major units, as the user typed it). */
export function partnerFormValues(row: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  const major = (minor: unknown) => moneyInputValue(minor as number | null, locale);
  return { ...row, annualFee: major(row.annualFeeMinor), projectBudget: major(row.projectBudgetMinor) };
}
