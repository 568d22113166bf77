// The forms of a review: the assessment (a score 0-4 and a line of evidence per goal and
// principle, the level adjustment), the proposal, sending back, the end plan and the bands.
import { z } from 'zod';
import type { I18n } from '../i18n/index.js';
import {
  key,
  idList,
  choice,
  integer,
  optionalDate,
  optionalMoney,
  perLocale,
  requiredText,
  text,
  type FieldErrors,
  type FormValues,
} from '../lib/form.js';
import type { ScoreLine } from './evidence.js';
import type { AssessmentInput } from './decision.js';
import { DECISIONS } from '../lib/words.js';

export type AssessmentResult = { ok: true; data: AssessmentInput } | { ok: false; errors: FieldErrors; values: FormValues };

/** Scores are read by goal id from fields score_<id> and evidence_<id>; empty means not scored yet. */
export function parseAssessment(body: unknown, lines: ScoreLine[], i18n: I18n): AssessmentResult {
  const values = (body && typeof body === 'object' ? body : {}) as FormValues;
  const errors: FieldErrors = {};
  const scores: AssessmentInput['scores'] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  for (const line of lines) {
    const raw = str(values[`score_${line.goalId}`]);
    const evidence = str(values[`evidence_${line.goalId}`]);
    if (evidence.length > 500) errors[`evidence_${line.goalId}`] = i18n.t('validation.tooLong', { max: 500 });
    if (raw === '') {
      scores.push({ goalId: line.goalId, score: null, evidence });
      continue;
    }
    if (!/^\d+$/.test(raw) || Number(raw) > 4) {
      errors[`score_${line.goalId}`] = i18n.t('reviews.error.scoreRange');
      continue;
    }
    scores.push({ goalId: line.goalId, score: Number(raw), evidence });
  }
  const adjRaw = str(values.adjustment) || '0';
  const adjustment = Number(adjRaw);
  if (!['-1', '0', '1'].includes(adjRaw)) errors.adjustment = i18n.t('reviews.error.adjustmentRange');
  const adjustmentReason = str(values.adjustmentReason);
  if (adjustment !== 0 && adjustmentReason === '') errors.adjustmentReason = i18n.t('reviews.error.adjustmentReason');
  if (adjustmentReason.length > 500) errors.adjustmentReason = i18n.t('validation.tooLong', { max: 500 });
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, data: { scores, adjustment, adjustmentReason } };
}

export const proposalSchema = z.object({
  decision: choice(DECISIONS),
  comment: text(2000),
  revisionNote: text(2000),
});

export const returnSchema = z.object({ returnComment: requiredText(2000) });

/** Signing off: the council's or committee's reference is optional but kept with the signature. */
export const signOffSchema = z.object({ councilReference: text(200) });

/** Goals linked from the review page when the partnership has none yet. */
export const linkGoalsSchema = z.object({ goalIds: idList().refine((ids) => ids.length > 0, key('reviews.error.chooseGoal')) });

export const endPlanSchema = z.object({
  partnerInformedOn: optionalDate(),
  councilReference: text(200),
  endOn: optionalDate(),
});

export const bandsSchema = perLocale((locale) => {
  const requiredMoney = () => optionalMoney(locale, 10_000_000_000).refine((v) => v !== null, 'validation.required');
  return z.object({
    year: integer(2000, 2100),
    level1: requiredMoney(),
    level2: requiredMoney(),
    level3: requiredMoney(),
    level4: requiredMoney(),
  });
});
