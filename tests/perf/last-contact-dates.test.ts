// The contact log's link tables carry their entry's date (occurred_on, kept by SQL triggers,
// migration 0024) so that losing touch is one index seek per active partnership. The copy must
// follow the entry on every write: a new entry, an entry whose date is changed, a link replaced.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { logEntries, logEntryPartners, logEntryPartnerships } from '../../src/db/schema.js';
import { losingTouch } from '../../src/log/last-contact.js';
import { makePartner, makePartnership } from '../log/fixtures.js';
import type { Db } from '../../src/db/client.js';

const linkDates = (db: Db, entryId: number) => [
  db.select({ on: logEntryPartners.occurredOn }).from(logEntryPartners).where(eq(logEntryPartners.logEntryId, entryId)).all(),
  db.select({ on: logEntryPartnerships.occurredOn }).from(logEntryPartnerships).where(eq(logEntryPartnerships.logEntryId, entryId)).all(),
];

describe("the link tables' copy of the entry date", () => {
  it('is set on a new entry and follows a changed date, and losing touch reads it', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    t.clock.set('2026-11-24T10:00:00Z');
    const partner = makePartner(t.db, { name: 'Kópavogur' });
    const twinning = makePartnership(t.db, partner.id, { title: 'Vennskapsby Kópavogur' });
    const client = await signedIn(t, 'contributor');
    await client.post('/log', {
      partnerIds: String(partner.id),
      partnershipIds: String(twinning.id),
      type: 'email',
      occurredOn: '2026-10-01',
      summary: 'Mail om jubilæum',
    });
    const entry = t.db.select({ id: logEntries.id }).from(logEntries).get()!;
    expect(linkDates(t.db, entry.id)).toEqual([[{ on: '2026-10-01' }], [{ on: '2026-10-01' }]]);
    expect(losingTouch(t.db, 12, '2026-11-24')).toEqual([]);

    // The entry was in fact older: the links follow, and the partnership has now lost touch.
    t.db.update(logEntries).set({ occurredOn: '2025-06-01' }).where(eq(logEntries.id, entry.id)).run();
    expect(linkDates(t.db, entry.id)).toEqual([[{ on: '2025-06-01' }], [{ on: '2025-06-01' }]]);
    expect(losingTouch(t.db, 12, '2026-11-24').map((r) => [r.title, r.last?.occurredOn])).toEqual([
      ['Vennskapsby Kópavogur', '2025-06-01'],
    ]);

    // Links written again (as an edit of the entry does) take the entry's date.
    t.db.delete(logEntryPartnerships).where(eq(logEntryPartnerships.logEntryId, entry.id)).run();
    t.db.insert(logEntryPartnerships).values({ logEntryId: entry.id, partnershipId: twinning.id }).run();
    expect(linkDates(t.db, entry.id)[1]).toEqual([{ on: '2025-06-01' }]);
  });
});
