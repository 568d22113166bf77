// The delegation forms (create/edit, status, programme item, participant, report) and the public
// visit request form with its triage decisions. One schema per form; messages are catalog keys.
import { z } from 'zod';
import {
  choice,
  country,
  email,
  idList,
  integer,
  key,
  optionalId,
  optionalMoney,
  optionalTime,
  perLocale,
  requiredDate,
  requiredText,
  text,
} from '../lib/form.js';
import { GIFT_DIRECTIONS } from '../lib/words.js';
import {
  checkParticipantCount,
  checkProgrammeItem,
  checkVisitDates,
  DELEGATION_DIRECTIONS,
  DELEGATION_STATUSES,
  INITIAL_DELEGATION_STATUSES,
  PARTICIPANT_SIDES,
} from './domain.js';

const visitDates = <T extends { startsOn: string; endsOn: string }>(v: T, ctx: z.RefinementCtx) => {
  for (const [field, message] of Object.entries(checkVisitDates(v.startsOn, v.endsOn)))
    ctx.addIssue({ code: 'custom', path: [field], message: key(message) });
};

const common = {
  direction: choice(DELEGATION_DIRECTIONS),
  title: requiredText(200),
  partnerId: optionalId(),
  partnershipId: optionalId(),
  startsOn: requiredDate(),
  endsOn: requiredDate(),
  purpose: text(5000),
  theme: text(200),
  hostDepartment: text(200),
  goalIds: idList(),
};

export const delegationEditSchema = z.object(common).superRefine(visitDates);
export const delegationCreateSchema = z.object({ ...common, status: choice(INITIAL_DELEGATION_STATUSES) }).superRefine(visitDates);
export type DelegationEditInput = z.output<typeof delegationEditSchema>;
export type DelegationCreateInput = z.output<typeof delegationCreateSchema>;

export const delegationStatusSchema = z.object({ status: choice(DELEGATION_STATUSES) });

/** A programme item is checked against the visit's own dates, so the schema is built per delegation. */
export const programmeItemSchema = (visit: { startsOn: string; endsOn: string }) =>
  z
    .object({
      onDate: requiredDate(),
      startTime: optionalTime(),
      endTime: optionalTime(),
      title: requiredText(200),
      place: text(200),
      hostDepartment: text(200),
      hostUserId: optionalId(),
    })
    .superRefine((v, ctx) => {
      for (const [field, message] of Object.entries(checkProgrammeItem(v, visit)))
        ctx.addIssue({ code: 'custom', path: [field], message: key(message) });
    });
export type ProgrammeItemInput = z.output<ReturnType<typeof programmeItemSchema>>;

const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || (Array.isArray(v) && v.length > 0), z.boolean());

/** A participant: a name, or one of the partner's contacts (whose name is taken when none is typed). */
export const participantSchema = z
  .object({
    side: choice(PARTICIPANT_SIDES),
    name: text(200),
    organisation: text(200),
    country: country(true),
    gender: text(40).transform((v) => (v === '' ? null : v)),
    invitedInternational: checkbox(),
    userId: optionalId(),
    contactId: optionalId(),
  })
  .superRefine((v, ctx) => {
    // A contact or a staff member chosen gives the name.
    if (v.name === '' && v.contactId === null && v.userId === null)
      ctx.addIssue({ code: 'custom', path: ['name'], message: key('validation.required') });
  });
export type ParticipantInput = z.output<typeof participantSchema>;

/** A gift given to or received from the delegation; its value is read in the user's locale. */
export const giftSchema = perLocale((locale) =>
  z.object({
    direction: choice(GIFT_DIRECTIONS),
    description: requiredText(500),
    counterpart: text(200),
    givenOn: requiredDate(),
    value: optionalMoney(locale, 10_000_000),
    handling: text(500),
  }),
);
export type GiftInput = z.output<ReturnType<typeof giftSchema>>;

export const reportSchema = z.object({ report: text(20000) });

// ---------------------------------------------------------------- visit requests

const groupSize = () =>
  integer(-1_000_000, 10_000).superRefine((n, ctx) => {
    const problem = checkParticipantCount(n).groupSize;
    if (problem) ctx.addIssue({ code: 'custom', message: key(problem) });
  });

export const visitRequestSchema = z
  .object({
    organisation: requiredText(200),
    country: country(false),
    contactName: requiredText(200),
    email: email(false),
    preferredFrom: requiredDate(),
    preferredTo: requiredDate(),
    groupSize: groupSize(),
    theme: text(200),
    wantsToLearn: text(5000),
  })
  .superRefine((v, ctx) => {
    if (v.preferredTo < v.preferredFrom)
      ctx.addIssue({ code: 'custom', path: ['preferredTo'], message: key('delegations.invalid.endBeforeStart') });
  });
export type VisitRequestInput = z.output<typeof visitRequestSchema>;

/** The field a person never sees (hidden by CSS, out of the tab order): only robots fill it in. */
export const HONEYPOT_FIELD = 'website';

export const acceptSchema = z.object({ hostDepartment: text(200) });
export const declineSchema = z.object({ replyText: requiredText(10000) });
export const redirectSchema = z.object({ redirectedTo: requiredText(200), replyText: text(10000) });
