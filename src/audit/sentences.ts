// Audit rows as sentences in the reader's language ("Mette changed the status of Kópavogur from
// active to dormant"). Values are put into words with the keys their own features use for them
// (a partnership's status with partnerships.status.*, a ledger type with ledger.kind.*, ...);
// the raw values stay in the row for the page's <details>.
import type { I18n } from '../i18n/index.js';
import type { AuditEntry } from './queries.js';

export interface SentenceContext {
  /** Every user's name by id: actors, assignees, owners. */
  users: Map<number, string>;
  /** Current values of the records the rows are about, keyed "type:id" (recordValues()). */
  records: Map<string, Record<string, unknown>>;
  /** Names of the records values point at by id, keyed "type:id" (referencedNames()). */
  names?: Map<string, string>;
}

/** Fields whose values are ids of other records, and of which kind. */
export const REFERENCE_FIELDS: Record<string, string> = {
  partnerId: 'partner',
  partnerIds: 'partner',
  partnershipId: 'partnership',
  partnershipIds: 'partnership',
  contactId: 'contact',
  contactIds: 'contact',
  goalIds: 'goal',
};

/** The ids a page of rows points at, by kind: what referencedNames() should load. */
export function referencedIds(rows: Pick<AuditEntry, 'raw'>[]): Map<string, Set<number>> {
  const ids = new Map<string, Set<number>>();
  for (const r of rows) {
    for (const [field, pair] of Object.entries(r.raw)) {
      const type = REFERENCE_FIELDS[field];
      if (!type) continue;
      for (const v of pair.flat()) {
        if (typeof v !== 'number') continue;
        if (!ids.has(type)) ids.set(type, new Set());
        ids.get(type)!.add(v);
      }
    }
  }
  return ids;
}

/** Records known by a name of their own: a change sentence names them bare ("the status of Kópavogur"). */
const NAMED = new Set(['organisation', 'user', 'goal', 'partner', 'partnership', 'contact']);

/** Where a field's label lives: the feature's own key first, per record type, then audit.field.*. */
const FIELD_KEYS: Record<string, Record<string, string>> = {
  ledger_entry: {
    type: 'ledger.field.kind',
    direction: 'ledger.field.direction',
    occurredOn: 'ledger.field.occurredOn',
    amountMinor: 'ledger.col.amount',
    hours: 'ledger.field.hours',
    note: 'ledger.field.note',
    partnershipId: 'ledger.col.partnership',
  },
  log_entry: {
    occurredOn: 'log.date',
    occurredTime: 'log.time',
    type: 'log.type',
    summary: 'log.summary',
    outcome: 'log.outcome',
    partnerIds: 'log.partners',
    partnershipIds: 'log.partnerships',
    contactIds: 'log.contacts',
    staffIds: 'log.staff',
    createdById: 'log.createdBy',
  },
  follow_up: { task: 'followUps.task', dueOn: 'followUps.due', assigneeId: 'followUps.assignee', logEntryId: 'audit.entity.log_entry' },
  partnership: {
    title: 'partnerships.titleField',
    agreementType: 'partnerships.agreementType',
    ownerId: 'partnerships.owner',
    department: 'partnerships.department',
    startOn: 'partnerships.startOn',
    agreementOn: 'partnerships.agreementOn',
    renewalOn: 'partnerships.renewalOn',
    activeSinceOn: 'partnerships.activeSinceOn',
    reviewCadenceMonths: 'partnerships.reviewCadenceMonths',
    description: 'partnerships.description',
    goalIds: 'partnerships.goals',
    partnerId: 'partnerships.partner',
  },
  review: { decision: 'reviews.field.decision', decisionComment: 'reviews.field.comment', returnComment: 'reviews.field.returnComment' },
  document: {
    kind: 'documents.field.kind',
    title: 'documents.field.title',
    fileName: 'documents.field.file',
    contactId: 'documents.field.contact',
  },
};

/** Bookkeeping that rides along with a change (which import or revert made it): in the details, not the sentence. */
const NOT_SAID = new Set(['import', 'revert', 'updatedAt']);

/** Fields whose values are people. */
const USER_FIELDS = new Set(['assigneeId', 'ownerId', 'doneById', 'createdById', 'signedById', 'reviewerId', 'userId', 'staffIds']);

/** Where an enum field's values are translated, by field (and record type where the word is shared). */
function valueKey(entityType: string, field: string, value: string, direction: unknown): string | null {
  switch (field) {
    case 'status':
      return `partnerships.status.${value}`;
    case 'state':
      return entityType === 'review' ? `reviews.state.${value}` : null;
    case 'decision':
      return `reviews.decision.${value}`;
    case 'recommendation':
      return `reviews.recommendation.${value}`;
    case 'role':
      return `role.${value}`;
    case 'kind':
      return entityType === 'partner' ? `partners.kind.${value}` : entityType === 'document' ? `documents.kind.${value}` : null;
    case 'agreementType':
      return `partnerships.agreementType.${value}`;
    case 'direction':
      return entityType === 'ledger_entry' ? `ledger.direction.${value}` : null;
    case 'type':
      if (entityType === 'log_entry') return `log.type.${value}`;
      if (entityType === 'ledger_entry') return `ledger.kind.${direction === 'funding' ? 'funding' : 'cost'}.${value}`;
      return null;
    default:
      return null;
  }
}

const lowerFirst = (s: string) =>
  s.length > 1 && s[1] === s[1]!.toUpperCase() && /\p{Lu}/u.test(s[1]!) ? s : s.charAt(0).toLocaleLowerCase() + s.slice(1);
const shorten = (s: string, max = 60) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function createSentences(i18n: I18n, context: SentenceContext) {
  const { t } = i18n;
  const known = (key: string) => t(key) !== key;
  const listFormat = new Intl.ListFormat(i18n.intlLocale, { style: 'long', type: 'conjunction' });

  /** A field's label as the forms show it ("Status", "Summary"); the raw name in words when none exists. */
  function fieldLabel(entityType: string, field: string): string {
    const label = fieldLabelFor(i18n, entityType, field);
    return label === field ? field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : label;
  }

  /** One value in words: an enum by its feature's key, money, dates, people, yes/no. */
  function value(entityType: string, field: string, v: unknown, row: Record<string, unknown>): string {
    if (v === null || v === undefined || v === '') return '';
    if (Array.isArray(v)) return v.map((x) => value(entityType, field, x, row)).join(', ');
    if (typeof v === 'boolean') return lowerFirst(t(v ? 'common.yes' : 'common.no'));
    if (USER_FIELDS.has(field) && typeof v === 'number') return context.users.get(v) ?? `#${v}`;
    const refType = REFERENCE_FIELDS[field];
    if (refType && typeof v === 'number') return context.names?.get(`${refType}:${v}`) ?? `#${v}`;
    if (field === 'amountMinor' && typeof v === 'number') return i18n.money(v, typeof row.currency === 'string' ? row.currency : undefined);
    if (typeof v === 'number') return i18n.number(v);
    if (typeof v !== 'string') return JSON.stringify(v);
    const key = valueKey(entityType, field, v, row.direction);
    if (key && known(key)) return lowerFirst(t(key));
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return i18n.date(v);
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v)) return i18n.dateTime(v);
    return shorten(v);
  }

  /** The record's values: its current ones where it still exists, else what the row itself holds. */
  function recordOf(e: AuditEntry): Record<string, unknown> {
    const fromRow: Record<string, unknown> = {};
    for (const [field, [from, to]] of Object.entries(e.raw)) fromRow[field] = to ?? from;
    const live = e.entityId !== null ? context.records.get(`${e.entityType}:${e.entityId}`) : undefined;
    return { ...fromRow, ...live };
  }

  /** What the record is called: its name, title, summary or task; a ledger entry by type, amount and date. */
  function nameOf(e: AuditEntry, r: Record<string, unknown>): string {
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? shorten(v) : null);
    let name: string | null = null;
    switch (e.entityType) {
      case 'partnership':
        name = text(r.title);
        break;
      case 'log_entry':
        name = text(r.summary);
        break;
      case 'follow_up':
        name = text(r.task);
        break;
      case 'ledger_entry':
        if (typeof r.type === 'string' && typeof r.amountMinor === 'number') {
          const kind = `ledger.kind.${r.direction === 'funding' ? 'funding' : 'cost'}.${r.type}`;
          name = `${known(kind) ? t(kind) : r.type}, ${value('ledger_entry', 'amountMinor', r.amountMinor, r)}`;
          if (typeof r.occurredOn === 'string') name += ` (${i18n.date(r.occurredOn)})`;
        }
        break;
      case 'review':
        if (typeof r.partnershipTitle === 'string')
          name = `${r.partnershipTitle} (${i18n.date(String(r.periodStartOn))} – ${i18n.date(String(r.periodEndOn))})`;
        break;
      case 'end_plan':
        name = text(r.partnershipTitle);
        break;
      case 'delegation_gift':
        name = text(r.description);
        break;
      default:
        name = text(r.name) ?? text(r.title);
    }
    return name ?? (e.entityId !== null ? `#${e.entityId}` : '');
  }

  /** "the partnership Kópavogur", "partnerskabet Kópavogur": the record with what kind it is. */
  function thingOf(e: AuditEntry, name: string): string {
    const key = `audit.thing.${e.entityType}`;
    if (known(key)) return t(key, { name });
    const label = known(`audit.entity.${e.entityType}`) ? t(`audit.entity.${e.entityType}`) : e.entityType;
    return name ? `${label} ${name}` : label;
  }

  /** The row as one sentence in the reader's language. */
  return function sentence(e: AuditEntry): string {
    const who = e.userName ?? t('audit.say.someone');
    const r = recordOf(e);
    const name = nameOf(e, r);
    const thing = thingOf(e, name);
    const ref = NAMED.has(e.entityType) && name ? name : thing;
    const fields = Object.entries(e.raw).filter(([field]) => !NOT_SAID.has(field));
    const change = (field: string, from: unknown, to: unknown, form: 'one' | 'item') => {
      const args = {
        who,
        ref,
        field: lowerFirst(fieldLabel(e.entityType, field)),
        from: value(e.entityType, field, from, { ...r, direction: from === null ? r.direction : (e.raw.direction?.[0] ?? r.direction) }),
        to: value(e.entityType, field, to, r),
      };
      const kind = args.from === '' ? 'set' : args.to === '' ? 'clear' : 'change';
      return t(form === 'one' ? `audit.say.${kind}` : `audit.say.item.${kind}`, args);
    };
    switch (e.action) {
      case 'create':
        return t('audit.say.create', { who, thing });
      case 'delete':
        return t('audit.say.delete', { who, thing });
      case 'done':
        return t('audit.say.done', { who, thing });
      case 'reopen':
        return t('audit.say.reopen', { who, thing });
      case 'login':
      case 'logout':
        return t(`audit.say.${e.action}`, { who });
      case 'status': {
        // A status change is about the status; its date, reason and reference are in the details.
        const main = e.raw.status ? 'status' : e.raw.state ? 'state' : null;
        if (main) return change(main, e.raw[main]![0], e.raw[main]![1], 'one');
      }
      // falls through
      case 'update':
      case 'role':
      case 'move': {
        if (fields.length === 1) return change(fields[0]![0], fields[0]![1][0], fields[0]![1][1], 'one');
        if (fields.length > 1) {
          return t('audit.say.changeMany', {
            who,
            ref,
            changes: listFormat.format(fields.map(([f, [from, to]]) => change(f, from, to, 'item'))),
          });
        }
        break;
      }
    }
    const action = known(`audit.action.${e.action}`) ? t(`audit.action.${e.action}`) : e.action;
    return e.entityId !== null || name ? t('audit.say.other', { who, action, thing }) : t('audit.say.otherAlone', { who, action });
  };
}

/** A field's label for the raw values, shared with the page. */
export function fieldLabelFor(i18n: I18n, entityType: string, field: string): string {
  const own = FIELD_KEYS[entityType]?.[field];
  if (own && i18n.t(own) !== own) return i18n.t(own, { currency: i18n.currency });
  const key = `audit.field.${field}`;
  return i18n.t(key) !== key ? i18n.t(key) : field;
}
