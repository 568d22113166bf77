import { describe, it, expect } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { logEntries, logEntryPartners, partners } from '../../src/db/schema.js';
import { logFilters, logQuery } from '../../src/log/queries.js';

describe('contact log list names', () => {
  it('names only the partners linked to each entry, not the partner whose id equals the entry id', async () => {
    const { db } = await buildTestApp();
    const brno = db
      .select()
      .from(partners)
      .all()
      .find((p) => p.name === 'Brno')!;
    const now = '2026-11-24T10:00:00.000Z';
    const linked = db
      .insert(logEntries)
      .values({ occurredOn: '2026-11-20', type: 'call', summary: 'Linked to Brno', updatedAt: now })
      .returning()
      .get();
    db.insert(logEntryPartners).values({ logEntryId: linked.id, partnerId: brno.id }).run();
    const unlinked = db
      .insert(logEntries)
      .values({ occurredOn: '2026-11-21', type: 'email', summary: 'No partner', updatedAt: now })
      .returning()
      .get();

    const rows = logQuery(db, logFilters({})).all();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(linked.id)?.partnerNames).toBe('Brno');
    expect(byId.get(unlinked.id)?.partnerNames ?? null).toBeNull();
  });
});
