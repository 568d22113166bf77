// The domain's words: each kind, status and type defined once. The schema's enums, the forms'
// choices, the lists' filters and the catalog keys all come from these arrays; each value's label
// is the one key in WORD_LABELS, so two pages can never name the same status differently.

export const PARTNER_KINDS = ['twin_city', 'network', 'regional_office', 'organisation', 'project'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const ORGANISATION_TYPES = ['university', 'business', 'ngo', 'agency', 'other'] as const;

export const PARTNERSHIP_STATUSES = ['exploring', 'active', 'dormant', 'ending', 'ended'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

export const AGREEMENT_TYPES = [
  'twin_city_agreement',
  'cooperation_agreement',
  'network_membership',
  'project_participation',
  'informal',
] as const;

/** A partner's role in a partnership with several partners (an EU project's consortium). */
export const PARTNER_ROLES = ['lead', 'partner', 'associate'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

/** Where an externally funded project stands with its funder. */
export const PROJECT_STATUSES = ['idea', 'applying', 'granted', 'rejected', 'running', 'closed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const LOG_TYPES = ['meeting', 'call', 'email', 'visit', 'conference', 'network_meeting', 'other'] as const;

export const GOAL_KINDS = ['goal', 'principle'] as const;

export const REVIEW_STATES = ['draft', 'proposed', 'returned', 'signed'] as const;
export const RECOMMENDATIONS = ['continue', 'watch', 'end'] as const;
export const DECISIONS = ['continue', 'revise', 'end'] as const;

export const DELEGATION_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const DELEGATION_STATUSES = ['requested', 'planned', 'confirmed', 'completed', 'reported', 'declined', 'cancelled'] as const;
export const PARTICIPANT_SIDES = ['ours', 'theirs'] as const;

/** A gift register's two sides: what we gave a visiting or visited delegation, and what we received. */
export const GIFT_DIRECTIONS = ['given', 'received'] as const;

/** What an attached document is, as the office files it (src/documents). */
export const DOCUMENT_KINDS = ['agreement', 'council_decision', 'proposal', 'programme', 'minutes', 'other'] as const;

/** Where a measure of an action plan stands. */
export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export const VISIT_REQUEST_STATUSES = ['open', 'accepted', 'declined', 'redirected'] as const;

export const PROPOSAL_STATES = ['proposed', 'approved', 'rejected'] as const;
export const LOCAL_ACTOR_KINDS = ['university', 'school', 'business', 'association', 'cultural_institution', 'other'] as const;
export const LOCAL_ACTOR_ROLES = ['lead', 'partner', 'host', 'expert', 'participant'] as const;

/** The catalog key prefix that names each word's values: `${prefix}${value}`. */
export const WORD_LABELS = {
  'partners.kind.': PARTNER_KINDS,
  'partners.organisationType.': ORGANISATION_TYPES,
  'partnerships.status.': PARTNERSHIP_STATUSES,
  'partnerships.agreementType.': AGREEMENT_TYPES,
  'projects.role.': PARTNER_ROLES,
  'projects.status.': PROJECT_STATUSES,
  'log.type.': LOG_TYPES,
  'reviews.state.': REVIEW_STATES,
  'reviews.recommendation.': RECOMMENDATIONS,
  'reviews.decision.': DECISIONS,
  'delegations.direction.': DELEGATION_DIRECTIONS,
  'delegations.status.': DELEGATION_STATUSES,
  'delegations.side.': PARTICIPANT_SIDES,
  'delegations.gift.direction.': GIFT_DIRECTIONS,
  'documents.kind.': DOCUMENT_KINDS,
  'plans.status.': MEASURE_STATUSES,
  'visitRequests.status.': VISIT_REQUEST_STATUSES,
  'proposals.state.': PROPOSAL_STATES,
  'localActors.kind.': LOCAL_ACTOR_KINDS,
  'localActors.role.': LOCAL_ACTOR_ROLES,
} as const;
