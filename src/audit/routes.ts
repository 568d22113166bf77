// The audit trail: the admins' global filterable log (/audit) and each record's history page
// (/history/:entityType/:id), newest first.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pager, parsePaging } from '../lib/paging.js';
import { endOfDayUtc, startOfDayUtc } from './domain.js';
import { entityHistory, entityTitle, listAudit, recordValues, referencedNames, userOptions, type AuditEntry } from './queries.js';
import { createSentences, fieldLabelFor, referencedIds } from './sentences.js';

/** Actions and entity types the filters offer; other values typed into the URL still work. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'status',
  'delete',
  'invite',
  'role',
  'deactivate',
  'reactivate',
  'password_reset',
  'password_set',
  'password_change',
  'login',
  'login_failed',
  'login_blocked',
  'logout',
  'export',
  'import',
  'revert',
  'erase',
  'merge',
] as const;
export const AUDIT_ENTITIES = [
  'organisation',
  'user',
  'goal',
  'partner',
  'partnership',
  'contact',
  'log_entry',
  'follow_up',
  'ledger_entry',
  'review',
  'import_batch',
  'export',
] as const;

/** Records whose pages have tabs: the history page shows them too, once those views exist. */
const TABS: Record<string, { template: string; key: string }> = {
  partner: { template: 'partners/_tabs', key: 'partner' },
  partnership: { template: 'partnerships/_tabs', key: 'partnership' },
};

export default async function routes(app: FastifyInstance): Promise<void> {
  /** The rows with their sentence in the reader's language, and what the raw-values list needs. */
  const described = (request: FastifyRequest, rows: AuditEntry[], users: { id: number; name: string }[]) => {
    const sentence = createSentences(request.i18n, {
      users: new Map(users.map((u) => [u.id, u.name])),
      records: recordValues(app.db, rows),
      names: referencedNames(app.db, referencedIds(rows)),
    });
    return {
      rows: rows.map((r) => ({ ...r, sentence: sentence(r) })),
      fieldLabel: (entityType: string, field: string) => fieldLabelFor(request.i18n, entityType, field),
    };
  };

  app.get('/audit', { config: { access: 'admin' } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const str = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '');
    const paging = parsePaging(query, ['at'] as const, 'at', 'desc');
    const userId = /^\d+$/.test(str('user')) ? Number(str('user')) : null;
    const tz = request.i18n.timeZone;
    const filters = {
      userId,
      action: /^[a-z_]{1,40}$/.test(str('action')) ? str('action') : '',
      entityType: /^[a-z_]{1,40}$/.test(str('entity')) ? str('entity') : '',
      fromAt: str('from') ? startOfDayUtc(str('from'), tz) : null,
      toAt: str('to') ? endOfDayUtc(str('to'), tz) : null,
    };
    const { rows, total } = listAudit(app.db, filters, paging.perPage, paging.offset);
    const users = userOptions(app.db);
    return reply.page('audit/index', {
      ...described(request, rows, users),
      filters: { user: str('user'), action: filters.action, entity: filters.entityType, from: str('from'), to: str('to') },
      users,
      actions: AUDIT_ACTIONS,
      entities: AUDIT_ENTITIES,
      pager: pager('/audit', query, paging, total),
      showEntity: true,
    });
  });

  app.get('/history/:entityType/:id', { config: { access: 'signed_in' } }, async (request, reply) => {
    const { entityType, id: rawId } = request.params as { entityType: string; id: string };
    const id = Number(rawId);
    if (!/^[a-z_]{1,40}$/.test(entityType) || !/^\d{1,15}$/.test(rawId)) return reply.code(404).renderError('notFound');
    // Sign-ins and addresses are personal: a user's history is for admins and the user.
    if (entityType === 'user' && request.user!.role !== 'admin' && request.user!.id !== id) {
      return reply.code(403).renderError('forbidden');
    }
    const query = request.query as Record<string, unknown>;
    const paging = parsePaging(query, ['at'] as const, 'at', 'desc');
    const { rows, total } = entityHistory(app.db, entityType, id, paging.perPage, paging.offset);
    const record = entityTitle(app.db, entityType, id);
    if (!record && total === 0) return reply.code(404).renderError('notFound');
    const tabs = record ? TABS[entityType] : undefined;
    return reply.page('audit/history', {
      // A deleted record keeps its history; it is called by its kind and number.
      entityType,
      entityId: id,
      title: record?.title ?? `${entityLabel(request, entityType)} #${id}`,
      ...described(request, rows, userOptions(app.db)),
      pager: pager(request.url.split('?')[0]!, query, paging, total),
      showEntity: false,
      tabs: tabs?.template ?? null,
      tab: 'history',
      ...(tabs && record ? { [tabs.key]: record.row } : {}),
      backHref: entityType === 'user' && request.user!.role !== 'admin' ? '/profile' : backLink(entityType, id),
    });
  });
}

function entityLabel(request: FastifyRequest, entityType: string): string {
  const key = `audit.entity.${entityType}`;
  return request.i18n.t(key) === key ? entityType : request.i18n.t(key);
}

/** Where a record lives, for the back link when its page has no tabs. */
function backLink(entityType: string, id: number): string | null {
  const paths: Record<string, string> = {
    partner: `/partners/${id}`,
    partnership: `/partnerships/${id}`,
    contact: `/contacts/${id}`,
    user: `/users/${id}`,
    log_entry: `/log/${id}`,
    goal: '/goals',
    organisation: '/settings',
  };
  return paths[entityType] ?? null;
}
