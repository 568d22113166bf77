// The proposal form (expected scores per goal and principle, expected yearly money and hours, the
// texts for the council) and the decision form, validated at the edge.
import { z } from 'zod';
import type { I18n } from '../i18n/index.js';
import {
  choice,
  key,
  optionalDate,
  optionalLocaleNumber,
  optionalMoney,
  parseForm,
  perLocale,
  text,
  type FieldErrors,
  type FormValues,
} from '../lib/form.js';
import { isValidScore } from '../reviews/domain.js';

export const MAX_INVESTMENT_MAJOR = 1_000_000_000;
export const MAX_HOURS = 100_000;

const fieldsSchema = perLocale((locale) =>
  z.object({
    investment: optionalMoney(locale, MAX_INVESTMENT_MAJOR),
    hours: optionalLocaleNumber(locale, { min: 0, max: MAX_HOURS, maxDecimals: 1 }),
    localActors: text(2000),
    risks: text(4000),
    expectedReturn: text(4000),
    councilText: text(10_000),
  }),
);

export interface ScoredGoal {
  goalId: number;
  kind: 'goal' | 'principle';
}

export interface ProposalInput {
  scores: { goalId: number; kind: 'goal' | 'principle'; score: number }[];
  investmentMinor: number;
  hours: number | null;
  localActors: string;
  risks: string;
  expectedReturn: string;
  councilText: string;
}

export type ProposalParse = { ok: true; data: ProposalInput } | { ok: false; errors: FieldErrors; values: FormValues };

/**
 * Scores come from fields score_<goalId> (empty = not scored); at least one goal must be scored and
 * every score is a whole number 0-4. Everything wrong is reported at once, beside its field.
 */
export function parseProposal(body: unknown, lines: readonly ScoredGoal[], i18n: I18n): ProposalParse {
  const values = (body && typeof body === 'object' ? body : {}) as FormValues;
  const fields = parseForm(fieldsSchema, values, i18n);
  const errors: FieldErrors = fields.ok ? {} : { ...fields.errors };
  const scores: ProposalInput['scores'] = [];
  for (const line of lines) {
    const name = `score_${line.goalId}`;
    const raw = typeof values[name] === 'string' ? (values[name] as string).trim() : '';
    if (raw === '') continue;
    const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!isValidScore(n)) errors[name] = i18n.t('proposals.error.scoreRange');
    else scores.push({ goalId: line.goalId, kind: line.kind, score: n });
  }
  const goalScored = lines.some((l) => l.kind === 'goal' && !errors[`score_${l.goalId}`] && scores.some((s) => s.goalId === l.goalId));
  const goalHasError = lines.some((l) => l.kind === 'goal' && errors[`score_${l.goalId}`]);
  if (!goalScored && !goalHasError) errors.goals = i18n.t('proposals.error.noGoal');
  if (!fields.ok || Object.keys(errors).length > 0) return { ok: false, errors, values };
  const f = fields.data;
  return {
    ok: true,
    data: {
      scores,
      investmentMinor: f.investment ?? 0,
      hours: f.hours,
      localActors: f.localActors,
      risks: f.risks,
      expectedReturn: f.expectedReturn,
      councilText: f.councilText,
    },
  };
}

export const DECISION_OUTCOMES = ['approve', 'reject'] as const;

/** Approve or reject; a rejection needs its reason; a council decision is its date and reference. */
export const decisionSchema = z
  .object({
    outcome: choice(DECISION_OUTCOMES),
    reason: text(2000),
    councilDecisionOn: optionalDate(),
    councilReference: text(200),
  })
  .superRefine((d, ctx) => {
    if (d.outcome === 'reject' && d.reason === '')
      ctx.addIssue({ code: 'custom', path: ['reason'], message: key('proposals.error.reasonRequired') });
    if (d.councilReference !== '' && d.councilDecisionOn === null)
      ctx.addIssue({ code: 'custom', path: ['councilDecisionOn'], message: key('proposals.error.councilDateRequired') });
  });

export type DecisionInput = z.output<typeof decisionSchema>;
