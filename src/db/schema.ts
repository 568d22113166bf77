// Every table of the product, in one place: the single source of truth for the data.
// Dates are ISO strings: `...On` columns hold a calendar date (YYYY-MM-DD, the organisation's
// local day); `...At` columns hold an instant in UTC (ISO 8601 with Z). Money is integer minor
// units beside a currency code.
import { sql } from 'drizzle-orm';
import { DOCUMENT_KINDS } from '../documents/domain.js';
import { sqliteTable, text, integer, real, primaryKey, index, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  AGREEMENT_TYPES,
  DECISIONS,
  GOAL_KINDS,
  LOG_TYPES,
  ORGANISATION_TYPES,
  PARTNER_KINDS,
  PARTNERSHIP_STATUSES,
  PARTNER_ROLES,
  PROJECT_STATUSES,
  RECOMMENDATIONS,
  REVIEW_STATES,
} from '../lib/words.js';
import { DELEGATION_DIRECTIONS, DELEGATION_STATUSES, GIFT_DIRECTIONS, PARTICIPANT_SIDES, VISIT_REQUEST_STATUSES } from '../lib/words.js';
import { MEASURE_STATUSES } from '../lib/words.js';
import { LOCAL_ACTOR_KINDS, LOCAL_ACTOR_ROLES, PROPOSAL_STATES } from '../lib/words.js';

const createdAt = () =>
  text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

// ---------------------------------------------------------------- organisation & framework

/** One row (id = 1): the city or alliance using the app. Absent until first-run setup. */
export const organisation = sqliteTable('organisation', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  homeCity: text('home_city').notNull(),
  country: text('country').notNull(), // ISO 3166-1 alpha-2
  timeZone: text('time_zone').notNull(),
  currency: text('currency').notNull(), // ISO 4217
  locale: text('locale').notNull(), // en | da | nb | sv
  framework: text('framework').notNull(), // odense | oslo | stockholm | hamar | osloregionen | blank
  losingTouchMonths: integer('losing_touch_months').notNull().default(12),
  hourlyRateMinor: integer('hourly_rate_minor'), // null = not set; hours cannot be valued
  councilPeriodEndOn: text('council_period_end_on'),
  reviewReminderDays: text('review_reminder_days').notNull().default('30,7'),
  idleTimeoutMinutes: integer('idle_timeout_minutes').notNull().default(30),
  absoluteTimeoutHours: integer('absolute_timeout_hours').notNull().default(12),
  /** Whether viewers see contacts' email addresses and phone numbers (coordinators decide who needs them). */
  viewersSeeContactDetails: integer('viewers_see_contact_details', { mode: 'boolean' }).notNull().default(false),
  /** Who must use two-factor sign-in: nobody, administrators, or everyone. */
  twoFactorRequired: text('two_factor_required', { enum: ['none', 'admins', 'all'] })
    .notNull()
    .default('none'),
  createdAt: createdAt(),
});

/** The organisation's goals (political goals, focus areas, axes) and review principles. */
export const goals = sqliteTable(
  'goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: GOAL_KINDS }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('goals_kind_position').on(t.kind, t.position)],
);

/** Investment bands per year: the annualised net investment (minor units) where levels 1..4 start. */
export const investmentBands = sqliteTable('investment_bands', {
  year: integer('year').primaryKey(),
  currency: text('currency').notNull(),
  level1FromMinor: integer('level1_from_minor').notNull(),
  level2FromMinor: integer('level2_from_minor').notNull(),
  level3FromMinor: integer('level3_from_minor').notNull(),
  level4FromMinor: integer('level4_from_minor').notNull(),
});

// ---------------------------------------------------------------- accounts

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(), // stored lower-case
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'coordinator', 'contributor', 'viewer'] }).notNull(),
    department: text('department').notNull().default(''),
    passwordHash: text('password_hash'), // null until an invited user sets one
    locale: text('locale'), // null = organisation default
    timeZone: text('time_zone'), // null = organisation default
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** sha256 of the private calendar-feed token; null = no feed. */
    calendarTokenHash: text('calendar_token_hash'),
    /** JSON: { [kind]: 'email' | 'in_app' | 'both' | 'none' }; missing kinds use defaults. */
    notificationPrefs: text('notification_prefs').notNull().default('{}'),
    weeklyDigest: integer('weekly_digest', { mode: 'boolean' }).notNull().default(false),
    /** TOTP (RFC 6238) secret in base32 once two-factor sign-in is enrolled; null = not enrolled. */
    totpSecret: text('totp_secret'),
    /** The last TOTP time step accepted, so one code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email').on(t.email), uniqueIndex('users_calendar_token').on(t.calendarTokenHash)],
);

/** Server-side sessions (the @fastify/session store). */
export const sessions = sqliteTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: text('data').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_expires').on(t.expiresAt)],
);

/** One-time links: invitations and password resets. Only the hash of the token is kept. */
export const passwordTokens = sqliteTable(
  'password_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['invite', 'reset'] }).notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_tokens_hash').on(t.tokenHash)],
);

/**
 * Failed sign-ins, shared by every process and kept over restarts: one row per account (email as typed)
 * and per client address. `key` is a sha256 of 'account:<email>' or 'ip:<address>', so the table holds
 * no readable personal data; rows without a failure for a day are pruned.
 */
export const loginThrottle = sqliteTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: text('last_failure_at').notNull(),
    /** No sign-in attempt for this key is considered before this instant; null = no wait. */
    notBefore: text('not_before'),
  },
  (t) => [index('login_throttle_last_failure').on(t.lastFailureAt)],
);

/** Two-factor recovery codes: only a sha256 of each; each works once. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: text('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user').on(t.userId)],
);

/** Append-only record of every write. `changes` is JSON: { field: [from, to] }. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id').references(() => users.id),
    action: text('action').notNull(), // create | update | status | delete | login | login_failed | logout | role | export | erase | import | revert ...
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    changes: text('changes').notNull().default('{}'),
    ip: text('ip'),
  },
  (t) => [index('audit_entity').on(t.entityType, t.entityId, t.at), index('audit_at').on(t.at), index('audit_user_at').on(t.userId, t.at)],
);

// ---------------------------------------------------------------- partners & partnerships

export const partners = sqliteTable(
  'partners',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: PARTNER_KINDS }).notNull(),
    organisationType: text('organisation_type', { enum: ORGANISATION_TYPES }),
    name: text('name').notNull(),
    country: text('country').notNull().default(''), // ISO 3166-1 alpha-2, '' for international bodies
    cityRegion: text('city_region').notNull().default(''),
    website: text('website').notNull().default(''),
    description: text('description').notNull().default(''),
    tags: text('tags').notNull().default(''), // comma-separated
    // network
    annualFeeMinor: integer('annual_fee_minor'),
    workingGroups: text('working_groups').notNull().default(''),
    // project
    fundingProgramme: text('funding_programme').notNull().default(''),
    projectStartOn: text('project_start_on'),
    projectEndOn: text('project_end_on'),
    projectBudgetMinor: integer('project_budget_minor'),
    importBatchId: integer('import_batch_id'),
    /** sort_key(name) in the organisation's language, kept in step by SQL triggers (migration 0027): name sorts read it from an index. */
    nameKey: text('name_key'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('partners_name').on(t.name),
    index('partners_name_key').on(t.nameKey),
    index('partners_kind_name_key').on(t.kind, t.nameKey),
    index('partners_kind_name').on(t.kind, t.name),
    index('partners_country_name').on(t.country, t.name),
  ],
);

export const partnerships = sqliteTable(
  'partnerships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id),
    title: text('title').notNull(),
    agreementType: text('agreement_type', {
      enum: AGREEMENT_TYPES,
    }).notNull(),
    status: text('status', { enum: PARTNERSHIP_STATUSES }).notNull(),
    ownerId: integer('owner_id').references(() => users.id),
    department: text('department').notNull().default(''),
    startOn: text('start_on'),
    agreementOn: text('agreement_on'),
    renewalOn: text('renewal_on'), // renewal or expiry date
    /** The day it last became active: the review clock starts here. */
    activeSinceOn: text('active_since_on'),
    reviewCadenceMonths: integer('review_cadence_months').notNull().default(12),
    description: text('description').notNull().default(''),
    /** sort_key(title) in the organisation's language, kept in step by SQL triggers (migration 0027): title sorts read it from an index. */
    titleKey: text('title_key'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('partnerships_partner').on(t.partnerId),
    index('partnerships_title_key').on(t.titleKey),
    index('partnerships_status_title_key').on(t.status, t.titleKey),
    index('partnerships_status_title').on(t.status, t.title),
    index('partnerships_owner').on(t.ownerId),
    index('partnerships_department').on(t.department),
    index('partnerships_title').on(t.title),
  ],
);

export const partnershipGoals = sqliteTable(
  'partnership_goals',
  {
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.goalId] }), index('partnership_goals_goal').on(t.goalId)],
);

/**
 * The other partners of a partnership with several (an EU project's consortium); the partnership's
 * own partner_id stays its main partner. A partner appears once per partnership.
 */
export const partnershipPartners = sqliteTable(
  'partnership_partners',
  {
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id),
    role: text('role', { enum: PARTNER_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.partnershipId, t.partnerId] }), index('partnership_partners_partner').on(t.partnerId, t.partnershipId)],
);

/** What a project partnership holds beyond a partnership: programme, call, funder status, budget. */
export const projectDetails = sqliteTable('project_details', {
  partnershipId: integer('partnership_id')
    .primaryKey()
    .references(() => partnerships.id, { onDelete: 'cascade' }),
  programme: text('programme').notNull().default(''),
  call: text('call').notNull().default(''),
  applicationDeadlineOn: text('application_deadline_on'),
  status: text('status', { enum: PROJECT_STATUSES }).notNull().default('idea'),
  budgetMinor: integer('budget_minor'),
  coFinancingMinor: integer('co_financing_minor'),
  currency: text('currency').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A report the funder expects from a project, on a date; reminded to the owner like a review. */
export const projectReportingDates = sqliteTable(
  'project_reporting_dates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    dueOn: text('due_on').notNull(),
    label: text('label').notNull(),
    /** The day the report was sent; reminders stop then. */
    doneOn: text('done_on'),
    createdAt: createdAt(),
  },
  (t) => [
    index('project_reporting_dates_partnership').on(t.partnershipId, t.dueOn),
    index('project_reporting_dates_open').on(t.doneOn, t.dueOn),
  ],
);

/** Every status change of a partnership, with its date and reason (e.g. a council resolution). */
export const statusChanges = sqliteTable(
  'status_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'), // null for the first status
    toStatus: text('to_status').notNull(),
    changedOn: text('changed_on').notNull(),
    reason: text('reason').notNull().default(''),
    reference: text('reference').notNull().default(''),
    userId: integer('user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('status_changes_partnership').on(t.partnershipId, t.changedOn),
    // The annual report: partnerships that ended in a year.
    index('status_changes_to_status_on').on(t.toStatus, t.changedOn),
  ],
);

// ---------------------------------------------------------------- contacts & the contact log

export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnerId: integer('partner_id').references(() => partners.id),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    email: text('email').notNull().default(''), // lower-case, '' when unknown
    phone: text('phone').notNull().default(''),
    preferredLanguage: text('preferred_language').notNull().default(''),
    notes: text('notes').notNull().default(''),
    lawfulBasis: text('lawful_basis').notNull().default(''),
    erasedAt: text('erased_at'),
    mergedIntoId: integer('merged_into_id'),
    importBatchId: integer('import_batch_id'),
    /** sort_key(name) in the organisation's language, kept in step by SQL triggers (migration 0027): name sorts read it from an index. */
    nameKey: text('name_key'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('contacts_partner_name').on(t.partnerId, t.name),
    index('contacts_email').on(t.email),
    index('contacts_name').on(t.name),
    // The contact list and its count only ever show live contacts: counted from this index, not the table.
    index('contacts_live_name')
      .on(t.name)
      .where(sql`merged_into_id is null and erased_at is null`),
    index('contacts_live_name_key')
      .on(t.nameKey)
      .where(sql`merged_into_id is null and erased_at is null`),
  ],
);

export const logEntries = sqliteTable(
  'log_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    occurredOn: text('occurred_on').notNull(),
    occurredTime: text('occurred_time'), // HH:MM, local
    type: text('type', { enum: LOG_TYPES }).notNull(),
    summary: text('summary').notNull(),
    outcome: text('outcome').notNull().default(''),
    createdById: integer('created_by_id').references(() => users.id),
    importBatchId: integer('import_batch_id'),
    /** The key the device made for an entry logged offline: sending it again answers with this entry, not a second one. */
    clientKey: text('client_key'),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('log_entries_occurred').on(t.occurredOn),
    index('log_entries_type_occurred').on(t.type, t.occurredOn),
    uniqueIndex('log_entries_client_key').on(t.clientKey),
  ],
);

export const logEntryPartners = sqliteTable(
  'log_entry_partners',
  {
    logEntryId: integer('log_entry_id')
      .notNull()
      .references(() => logEntries.id, { onDelete: 'cascade' }),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id),
    /** The entry's occurred_on, kept in step by SQL triggers (migration 0024): last contact and losing touch read it from the index. */
    occurredOn: text('occurred_on'),
  },
  (t) => [
    primaryKey({ columns: [t.logEntryId, t.partnerId] }),
    index('log_entry_partners_partner').on(t.partnerId, t.logEntryId),
    index('log_entry_partners_partner_occurred').on(t.partnerId, t.occurredOn),
  ],
);

export const logEntryPartnerships = sqliteTable(
  'log_entry_partnerships',
  {
    logEntryId: integer('log_entry_id')
      .notNull()
      .references(() => logEntries.id, { onDelete: 'cascade' }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    /** The entry's occurred_on, kept in step by SQL triggers (migration 0024): last contact and losing touch read it from the index. */
    occurredOn: text('occurred_on'),
  },
  (t) => [
    primaryKey({ columns: [t.logEntryId, t.partnershipId] }),
    index('log_entry_partnerships_partnership').on(t.partnershipId, t.logEntryId),
    index('log_entry_partnerships_partnership_occurred').on(t.partnershipId, t.occurredOn),
  ],
);

export const logEntryContacts = sqliteTable(
  'log_entry_contacts',
  {
    logEntryId: integer('log_entry_id')
      .notNull()
      .references(() => logEntries.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
  },
  (t) => [primaryKey({ columns: [t.logEntryId, t.contactId] }), index('log_entry_contacts_contact').on(t.contactId, t.logEntryId)],
);

export const logEntryStaff = sqliteTable(
  'log_entry_staff',
  {
    logEntryId: integer('log_entry_id')
      .notNull()
      .references(() => logEntries.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.logEntryId, t.userId] }), index('log_entry_staff_user').on(t.userId)],
);

export const followUps = sqliteTable(
  'follow_ups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    logEntryId: integer('log_entry_id').references(() => logEntries.id, { onDelete: 'cascade' }),
    partnershipId: integer('partnership_id').references(() => partnerships.id),
    partnerId: integer('partner_id').references(() => partners.id),
    task: text('task').notNull(),
    dueOn: text('due_on').notNull(),
    assigneeId: integer('assignee_id').references(() => users.id),
    doneAt: text('done_at'),
    doneById: integer('done_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('follow_ups_assignee_due').on(t.assigneeId, t.doneAt, t.dueOn),
    index('follow_ups_log_entry').on(t.logEntryId),
    index('follow_ups_partnership').on(t.partnershipId),
    index('follow_ups_due').on(t.doneAt, t.dueOn),
  ],
);

// ---------------------------------------------------------------- investment ledger & reviews

/** A cost (what we invest) or external funding received (what offsets it). */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    direction: text('direction', { enum: ['cost', 'funding'] }).notNull(),
    type: text('type', {
      enum: ['membership_fee', 'travel', 'hosting', 'staff_time', 'co_financing', 'grant', 'partner_paid', 'other'],
    }).notNull(),
    occurredOn: text('occurred_on').notNull(),
    amountMinor: integer('amount_minor').notNull(), // always >= 0; direction gives the sign
    currency: text('currency').notNull(),
    hours: real('hours'), // staff time: the hours behind amountMinor (valued at the rate of the day)
    note: text('note').notNull().default(''),
    createdById: integer('created_by_id').references(() => users.id),
    /** The delegation this cost belongs to (a visit hosted or a study trip), if any. */
    delegationId: integer('delegation_id').references((): AnySQLiteColumn => delegations.id),
    /** The network membership this fee payment is for, if any. */
    membershipId: integer('membership_id').references((): AnySQLiteColumn => networkMemberships.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('ledger_partnership_on').on(t.partnershipId, t.occurredOn),
    index('ledger_on_type').on(t.occurredOn, t.type),
    index('ledger_delegation').on(t.delegationId),
    index('ledger_membership').on(t.membershipId, t.occurredOn),
  ],
);

export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    periodStartOn: text('period_start_on').notNull(),
    periodEndOn: text('period_end_on').notNull(),
    /** draft -> proposed -> signed, or proposed -> returned -> proposed ... */
    state: text('state', { enum: REVIEW_STATES }).notNull(),
    valueIndex: real('value_index'),
    investmentNetMinor: integer('investment_net_minor'),
    investmentAnnualisedMinor: integer('investment_annualised_minor'),
    investmentLevelComputed: integer('investment_level_computed'),
    investmentLevelAdjustment: integer('investment_level_adjustment').notNull().default(0), // -1, 0, +1
    adjustmentReason: text('adjustment_reason').notNull().default(''),
    recommendation: text('recommendation', { enum: RECOMMENDATIONS }),
    reasons: text('reasons').notNull().default('[]'), // JSON list of { code, params }
    decision: text('decision', { enum: DECISIONS }),
    decisionComment: text('decision_comment').notNull().default(''),
    revisionNote: text('revision_note').notNull().default(''),
    reviewerId: integer('reviewer_id').references(() => users.id),
    proposedAt: text('proposed_at'),
    signedById: integer('signed_by_id').references(() => users.id),
    signedAt: text('signed_at'),
    /** The council's or committee's decision the signature rests on, e.g. "Byrådet 24.11.2026, sag 12". */
    councilReference: text('council_reference').notNull().default(''),
    returnComment: text('return_comment').notNull().default(''),
    /** The framework version in force when the review was made (set by a trigger on insert; null = before any revision). */
    frameworkVersionId: integer('framework_version_id').references((): AnySQLiteColumn => frameworkVersions.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('reviews_partnership_period').on(t.partnershipId, t.periodEndOn),
    index('reviews_state').on(t.state, t.periodEndOn),
    // The annual report: reviews signed in a year.
    index('reviews_state_signed').on(t.state, t.signedAt),
  ],
);

export const reviewScores = sqliteTable(
  'review_scores',
  {
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id),
    score: integer('score').notNull(), // 0..4
    evidence: text('evidence').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.goalId] })],
);

/** The plan for ending a partnership after a signed "end" decision. */
export const endPlans = sqliteTable(
  'end_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    reviewId: integer('review_id').references(() => reviews.id),
    partnerInformedOn: text('partner_informed_on'),
    councilReference: text('council_reference').notNull().default(''),
    endOn: text('end_on'),
    completedAt: text('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [index('end_plans_partnership').on(t.partnershipId)],
);

// ---------------------------------------------------------------- notifications & reminders

/** Every reminder decided, one row per unique key; email rows are delivered from here. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(), // what, for whom, which occasion, channel
    userId: integer('user_id').references(() => users.id),
    channel: text('channel', { enum: ['email', 'in_app'] }).notNull(),
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull().default(''),
    subject: text('subject').notNull().default(''),
    bodyText: text('body_text').notNull().default(''),
    bodyHtml: text('body_html').notNull().default(''),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error').notNull().default(''),
    sentAt: text('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outbox_key').on(t.key), index('outbox_status_next').on(t.status, t.nextAttemptAt)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /**
     * The title and body in every language the app speaks ({"da":{"title","body"},…}), written with
     * the notification, so it reads in the reader's language of the day; title and body hold the
     * language it was written in (all that rows from before this column have).
     */
    texts: text('texts'),
    link: text('link').notNull().default(''),
    readAt: text('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_read').on(t.userId, t.readAt, t.createdAt)],
);

// ---------------------------------------------------------------- imports

export const importBatches = sqliteTable('import_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  entity: text('entity', { enum: ['partners', 'contacts', 'log_entries'] }).notNull(),
  fileName: text('file_name').notNull(),
  userId: integer('user_id').references(() => users.id),
  createdCount: integer('created_count').notNull().default(0),
  updatedCount: integer('updated_count').notNull().default(0),
  revertedAt: text('reverted_at'),
  createdAt: createdAt(),
  /** pending: uploaded, awaiting mapping/preview/commit (rows in `staging`); committed; reverted. */
  status: text('status', { enum: ['pending', 'committed', 'reverted'] })
    .notNull()
    .default('committed'),
  /** JSON while pending: { headers, rows, mapping }; cleared on commit. */
  staging: text('staging'),
  errorCount: integer('error_count').notNull().default(0),
  /** When it was committed: the revert window (imports/domain.ts) counts from here. */
  committedAt: text('committed_at'),
});

/** What an import did to each record, so it can be reverted while the record is unchanged since. */
export const importBatchRows = sqliteTable(
  'import_batch_rows',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    batchId: integer('batch_id')
      .notNull()
      .references(() => importBatches.id, { onDelete: 'cascade' }),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    action: text('action', { enum: ['created', 'updated'] }).notNull(),
    before: text('before'), // JSON of the record before an update
    afterUpdatedAt: text('after_updated_at').notNull(),
  },
  (t) => [index('import_batch_rows_batch').on(t.batchId)],
);

// ---------------------------------------------------------------- delegations & visit requests

/** A visit: incoming (others come to learn from us) or outgoing (our study trip). */
export const delegations = sqliteTable(
  'delegations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    direction: text('direction', { enum: DELEGATION_DIRECTIONS }).notNull(),
    title: text('title').notNull(),
    partnerId: integer('partner_id').references(() => partners.id),
    partnershipId: integer('partnership_id').references(() => partnerships.id),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    purpose: text('purpose').notNull().default(''),
    theme: text('theme').notNull().default(''),
    hostDepartment: text('host_department').notNull().default(''),
    status: text('status', { enum: DELEGATION_STATUSES }).notNull(),
    report: text('report').notNull().default(''),
    createdById: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('delegations_starts').on(t.startsOn, t.endsOn),
    index('delegations_status_starts').on(t.status, t.startsOn),
    index('delegations_direction_starts').on(t.direction, t.startsOn),
    index('delegations_department_starts').on(t.hostDepartment, t.startsOn),
    index('delegations_partnership').on(t.partnershipId),
    index('delegations_partner').on(t.partnerId),
  ],
);

/** One point of a delegation's programme: a day, a time slot, a place and who hosts it. */
export const delegationProgrammeItems = sqliteTable(
  'delegation_programme_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id, { onDelete: 'cascade' }),
    onDate: text('on_date').notNull(),
    startTime: text('start_time'), // HH:MM, local
    endTime: text('end_time'),
    place: text('place').notNull().default(''),
    hostDepartment: text('host_department').notNull().default(''),
    hostUserId: integer('host_user_id').references(() => users.id),
    title: text('title').notNull(),
  },
  (t) => [
    index('delegation_items_delegation_on').on(t.delegationId, t.onDate, t.startTime),
    index('delegation_items_host_user').on(t.hostUserId, t.onDate),
  ],
);

/** Who travels or receives: our staff (side 'ours') or the visitors ('theirs'). */
export const delegationParticipants = sqliteTable(
  'delegation_participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id, { onDelete: 'cascade' }),
    side: text('side', { enum: PARTICIPANT_SIDES }).notNull(),
    userId: integer('user_id').references(() => users.id),
    contactId: integer('contact_id').references(() => contacts.id),
    name: text('name').notNull(),
    organisation: text('organisation').notNull().default(''),
    country: text('country').notNull().default(''), // ISO 3166-1 alpha-2 or ''
    gender: text('gender'),
    /** EU CERV town twinning: a participant invited from a third country, counted apart from the direct ones. */
    invitedInternational: integer('invited_international', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('delegation_participants_delegation').on(t.delegationId, t.side)],
);

/** The gift register: gifts given to and received from a delegation, as many public bodies must record them. */
export const delegationGifts = sqliteTable(
  'delegation_gifts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id, { onDelete: 'cascade' }),
    direction: text('direction', { enum: GIFT_DIRECTIONS }).notNull(),
    description: text('description').notNull(),
    /** Who gave it to us, or whom we gave it to ("the Mayor of Kaunas"). */
    counterpart: text('counterpart').notNull().default(''),
    givenOn: text('given_on').notNull(),
    valueMinor: integer('value_minor'),
    currency: text('currency').notNull(),
    /** What became of a gift received: kept by the city, displayed, handed to the archive… */
    handling: text('handling').notNull().default(''),
    createdById: integer('created_by_id').references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('delegation_gifts_delegation').on(t.delegationId), index('delegation_gifts_given_on').on(t.givenOn)],
);

export const delegationGoals = sqliteTable(
  'delegation_goals',
  {
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id, { onDelete: 'cascade' }),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.delegationId, t.goalId] }), index('delegation_goals_goal').on(t.goalId)],
);

/** A request to visit us, sent through the public form by someone without an account. */
export const visitRequests = sqliteTable(
  'visit_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organisation: text('organisation').notNull(),
    country: text('country').notNull().default(''),
    contactName: text('contact_name').notNull(),
    email: text('email').notNull(),
    preferredFrom: text('preferred_from').notNull(),
    preferredTo: text('preferred_to').notNull(),
    groupSize: integer('group_size').notNull(),
    theme: text('theme').notNull().default(''),
    wantsToLearn: text('wants_to_learn').notNull().default(''),
    partnerId: integer('partner_id').references(() => partners.id),
    status: text('status', { enum: VISIT_REQUEST_STATUSES }).notNull().default('open'),
    replyText: text('reply_text').notNull().default(''),
    /** Redirect: which body the request was passed to. */
    redirectedTo: text('redirected_to').notNull().default(''),
    delegationId: integer('delegation_id').references(() => delegations.id),
    decidedById: integer('decided_by_id').references(() => users.id),
    decidedAt: text('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [index('visit_requests_status_created').on(t.status, t.createdAt)],
);

// ---------------------------------------------------------------- network memberships

/**
 * A period of our membership of a network (a partner of kind network): its dates, the annual fee
 * and the agreement (partnership) whose ledger the fee payments go to.
 */
export const networkMemberships = sqliteTable(
  'network_memberships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnerId: integer('partner_id')
      .notNull()
      .references(() => partners.id),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    startsOn: text('starts_on').notNull(),
    /** The day the period ends (renewal or expiry); null while open-ended. */
    endsOn: text('ends_on'),
    annualFeeMinor: integer('annual_fee_minor').notNull().default(0),
    currency: text('currency').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('network_memberships_partner').on(t.partnerId, t.startsOn), index('network_memberships_ends').on(t.endsOn)],
);

/** Who represents us in a network. */
export const networkRepresentatives = sqliteTable(
  'network_representatives',
  {
    membershipId: integer('membership_id')
      .notNull()
      .references(() => networkMemberships.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.membershipId, t.userId] }), index('network_representatives_user').on(t.userId)],
);

/** A working group of a network we take part in, and our member in it. */
export const networkWorkingGroups = sqliteTable(
  'network_working_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    membershipId: integer('membership_id')
      .notNull()
      .references(() => networkMemberships.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    memberUserId: integer('member_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('network_working_groups_membership').on(t.membershipId, t.name)],
);

/** A contact-log entry (a meeting) held in a working group. */
export const logEntryWorkingGroups = sqliteTable(
  'log_entry_working_groups',
  {
    logEntryId: integer('log_entry_id')
      .notNull()
      .references(() => logEntries.id, { onDelete: 'cascade' }),
    workingGroupId: integer('working_group_id')
      .notNull()
      .references(() => networkWorkingGroups.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.logEntryId, t.workingGroupId] }),
    index('log_entry_working_groups_group').on(t.workingGroupId, t.logEntryId),
  ],
);

// ---------------------------------------------------------------- entry assessment (proposals)

/**
 * A proposal to enter a partnership that is being explored: what the city expects it to give and
 * cost, judged ex ante by the review's own rule; an administrator (or the council) decides on it.
 */
export const proposals = sqliteTable(
  'proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id),
    state: text('state', { enum: PROPOSAL_STATES }).notNull(),
    /** Expected yearly net investment in money (minor units), staff hours apart. */
    expectedInvestmentMinor: integer('expected_investment_minor').notNull().default(0),
    currency: text('currency').notNull(),
    expectedHours: real('expected_hours'),
    localActors: text('local_actors').notNull().default(''),
    risks: text('risks').notNull().default(''),
    expectedReturn: text('expected_return').notNull().default(''),
    councilText: text('council_text').notNull().default(''),
    /** The verdict of Odense's rule on the expected values, kept as it was when proposed. */
    valueIndex: real('value_index'),
    investmentLevel: integer('investment_level').notNull().default(0),
    recommendation: text('recommendation', { enum: RECOMMENDATIONS }).notNull(),
    reasons: text('reasons').notNull().default('[]'),
    proposedById: integer('proposed_by_id').references(() => users.id),
    proposedAt: text('proposed_at').notNull(),
    decidedById: integer('decided_by_id').references(() => users.id),
    decidedAt: text('decided_at'),
    rejectionReason: text('rejection_reason').notNull().default(''),
    councilDecisionOn: text('council_decision_on'),
    councilReference: text('council_reference').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('proposals_partnership').on(t.partnershipId, t.state), index('proposals_state_proposed').on(t.state, t.proposedAt)],
);

/** The expected contribution of a proposal to a goal or principle, 0-4. */
export const proposalScores = sqliteTable(
  'proposal_scores',
  {
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id),
    score: integer('score').notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.goalId] }), index('proposal_scores_goal').on(t.goalId)],
);

// ---------------------------------------------------------------- local actors

/** A university, school, business, association or cultural institution in our own city. */
export const localActors = sqliteTable(
  'local_actors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: LOCAL_ACTOR_KINDS }).notNull(),
    sector: text('sector').notNull().default(''),
    website: text('website').notNull().default(''),
    description: text('description').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('local_actors_name').on(t.name), index('local_actors_kind_name').on(t.kind, t.name)],
);

/** A contact person at a local actor: an existing contact, or just a name and email. */
export const localActorContacts = sqliteTable(
  'local_actor_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    localActorId: integer('local_actor_id')
      .notNull()
      .references(() => localActors.id, { onDelete: 'cascade' }),
    contactId: integer('contact_id').references(() => contacts.id),
    name: text('name').notNull().default(''),
    email: text('email').notNull().default(''),
  },
  (t) => [index('local_actor_contacts_actor').on(t.localActorId), index('local_actor_contacts_contact').on(t.contactId)],
);

/** A local actor's part in a partnership or a delegation (exactly one of the two), with its role. */
export const localActorLinks = sqliteTable(
  'local_actor_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    localActorId: integer('local_actor_id')
      .notNull()
      .references(() => localActors.id, { onDelete: 'cascade' }),
    partnershipId: integer('partnership_id').references(() => partnerships.id, { onDelete: 'cascade' }),
    delegationId: integer('delegation_id').references(() => delegations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: LOCAL_ACTOR_ROLES }).notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [
    index('local_actor_links_actor').on(t.localActorId),
    index('local_actor_links_partnership').on(t.partnershipId),
    index('local_actor_links_delegation').on(t.delegationId),
  ],
);

// ---------------------------------------------------------------- action plans & the annual report

/** An action plan (Hamar's handlingsplan, Osloregionen's annual programme): one per year. */
export const actionPlans = sqliteTable(
  'action_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on').notNull(),
    /** The plan this one was copied from (the year before), if any. */
    copiedFromId: integer('copied_from_id').references((): AnySQLiteColumn => actionPlans.id),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('action_plans_year').on(t.year)],
);

/** A measure (tiltak) under one of the framework's goals: what, who, what it costs, when, how far. */
export const planMeasures = sqliteTable(
  'plan_measures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => actionPlans.id, { onDelete: 'cascade' }),
    goalId: integer('goal_id')
      .notNull()
      .references(() => goals.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    department: text('department').notNull().default(''),
    responsible: text('responsible').notNull().default(''),
    costMinor: integer('cost_minor'), // estimated cost; null = not estimated
    currency: text('currency').notNull(),
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    status: text('status', { enum: MEASURE_STATUSES }).notNull(),
    /** The measure of the year before this one was carried over from (not done there). */
    carriedFromId: integer('carried_from_id').references((): AnySQLiteColumn => planMeasures.id, { onDelete: 'set null' }),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('plan_measures_plan_goal').on(t.planId, t.goalId, t.position), index('plan_measures_goal').on(t.goalId)],
);

/** How a measure's result is followed: a named figure with a target and the actual reached. */
export const planIndicators = sqliteTable(
  'plan_indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    measureId: integer('measure_id')
      .notNull()
      .references(() => planMeasures.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    target: real('target'),
    actual: real('actual'),
    unit: text('unit').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [index('plan_indicators_measure').on(t.measureId)],
);

export const planMeasurePartnerships = sqliteTable(
  'plan_measure_partnerships',
  {
    measureId: integer('measure_id')
      .notNull()
      .references(() => planMeasures.id, { onDelete: 'cascade' }),
    partnershipId: integer('partnership_id')
      .notNull()
      .references(() => partnerships.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.partnershipId] }), index('plan_measure_partnerships_partnership').on(t.partnershipId)],
);

export const planMeasureDelegations = sqliteTable(
  'plan_measure_delegations',
  {
    measureId: integer('measure_id')
      .notNull()
      .references(() => planMeasures.id, { onDelete: 'cascade' }),
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.delegationId] }), index('plan_measure_delegations_delegation').on(t.delegationId)],
);

/** The coordinator's words in a year's annual report: the introduction, and a comment per goal (goalId 0 = none). */
export const annualReportTexts = sqliteTable(
  'annual_report_texts',
  {
    year: integer('year').notNull(),
    /** 0 for the introduction; otherwise the goal the comment is about. */
    goalId: integer('goal_id').notNull(),
    body: text('body').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.goalId] })],
);

/**
 * A version of the organisation's framework (goals, principles, bands, cadences) from its start date,
 * e.g. Odense's revision once per council period. `snapshot` is JSON of the framework as it stood under
 * this version; reviews keep the version they were made under.
 */
export const frameworkVersions = sqliteTable(
  'framework_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    startsOn: text('starts_on').notNull(),
    note: text('note').notNull().default(''),
    snapshot: text('snapshot').notNull(),
    createdById: integer('created_by_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('framework_versions_starts').on(t.startsOn)],
);

// ---------------------------------------------------------------- documents

/**
 * A file attached to exactly one partner, partnership, review or delegation (agreements, council
 * decisions, minutes...), optionally about a contact person. The bytes live on disk under
 * DATA_DIR/documents, named by `sha256`; identical files are stored once.
 */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    partnerId: integer('partner_id').references(() => partners.id),
    partnershipId: integer('partnership_id').references(() => partnerships.id),
    reviewId: integer('review_id').references(() => reviews.id),
    delegationId: integer('delegation_id').references(() => delegations.id),
    /** The person the document concerns (erasing them removes it). */
    contactId: integer('contact_id').references(() => contacts.id),
    uploadedById: integer('uploaded_by_id').references(() => users.id),
    uploadedAt: text('uploaded_at').notNull(),
  },
  (t) => [
    index('documents_partner').on(t.partnerId, t.uploadedAt),
    index('documents_partnership').on(t.partnershipId, t.uploadedAt),
    index('documents_review').on(t.reviewId, t.uploadedAt),
    index('documents_delegation').on(t.delegationId, t.uploadedAt),
    index('documents_contact').on(t.contactId),
    index('documents_sha256').on(t.sha256),
  ],
);
