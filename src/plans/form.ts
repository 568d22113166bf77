// The forms of action plans: a plan (year and period), a measure, an indicator, and the annual
// report's texts. Amounts and figures are read in the user's locale.
import { z } from 'zod';
import {
  choice,
  idList,
  integer,
  key,
  optionalDate,
  optionalLocaleNumber,
  optionalMoney,
  perLocale,
  requiredDate,
  requiredText,
  text,
} from '../lib/form.js';
import { MEASURE_STATUSES } from './domain.js';

/** A measure's estimated cost above this (in major units) is a typing mistake. */
export const MAX_COST_MAJOR = 1_000_000_000;

export const planSchema = z
  .object({
    year: integer(2000, 2100),
    title: requiredText(200),
    startsOn: requiredDate(),
    endsOn: requiredDate(),
  })
  .refine((p) => p.endsOn >= p.startsOn, { path: ['endsOn'], message: key('plans.error.endBeforeStart') });

export type PlanInput = z.output<typeof planSchema>;

export const measureSchema = perLocale((locale) =>
  z.object({
    goalId: integer(1, Number.MAX_SAFE_INTEGER),
    title: requiredText(300),
    description: text(2000),
    department: text(200),
    responsible: text(200),
    cost: optionalMoney(locale, MAX_COST_MAJOR),
    startsOn: optionalDate(),
    endsOn: optionalDate(),
    status: choice(MEASURE_STATUSES),
    partnershipIds: idList(),
    delegationIds: idList(),
  }),
);

export type MeasureForm = z.output<ReturnType<typeof measureSchema>>;
export type MeasureInput = Omit<MeasureForm, 'cost'> & { costMinor: number | null };

export const toMeasureInput = ({ cost, ...rest }: MeasureForm): MeasureInput => ({ ...rest, costMinor: cost });

const figure = (locale: Parameters<typeof optionalLocaleNumber>[0]) =>
  optionalLocaleNumber(locale, { min: -1_000_000_000, max: 1_000_000_000, maxDecimals: 2 });

export const indicatorSchema = perLocale((locale) =>
  z.object({
    name: requiredText(200),
    target: figure(locale),
    actual: figure(locale),
    unit: text(40),
  }),
);

export type IndicatorInput = z.output<ReturnType<typeof indicatorSchema>>;

export const MAX_REPORT_TEXT = 10_000;

/** The annual report's texts: an introduction and a comment per goal (fields comment_<goal id>). */
export function reportTextsSchema(goalIds: readonly number[]) {
  return z
    .object({
      introduction: text(MAX_REPORT_TEXT),
      ...Object.fromEntries(goalIds.map((id) => [`comment_${id}`, text(MAX_REPORT_TEXT)])),
    })
    .transform((body) => ({
      introduction: body.introduction,
      comments: new Map(goalIds.map((id) => [id, String((body as Record<string, unknown>)[`comment_${id}`] ?? '')])),
    }));
}
