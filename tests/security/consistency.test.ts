// Rules that must hold on every page: viewers see no contact's email or phone unless the organisation
// allows it; a follow-up is ticked only by its assignee, its entry's author, or a coordinator.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn } from '../helpers/app.js';
import { followUps, organisation } from '../../src/db/schema.js';
import { makeContact, makePartner } from '../log/fixtures.js';

describe('contact details and viewers', () => {
  it('leaves email and phone out of every contact page for viewers until the organisation allows it', async () => {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const contact = makeContact(t.db, partner.id, { email: 'gudrun@kopavogur.is', phone: '+354 570 1500' });
    const viewer = await signedIn(t, 'viewer');
    const coordinator = await signedIn(t, 'coordinator');
    const pages = ['/contacts', `/contacts/${contact.id}`, `/partners/${partner.id}/contacts`, '/contacts?sort=email'];
    for (const path of pages) {
      const seen = (await viewer.get(path)).body;
      expect(seen, path).toContain('Guðrún Jónsdóttir');
      expect(seen, path).not.toContain('gudrun@kopavogur.is');
      expect(seen, path).not.toContain('570 1500');
      expect((await coordinator.get(path)).body, path).toContain('gudrun@kopavogur.is');
    }
    const admin = await signedIn(t);
    expect((await admin.get('/users/security')).body).toContain('name="viewersSeeContactDetails"');
    const saved = await admin.post('/users/security', { twoFactorRequired: 'none', viewersSeeContactDetails: 'on' });
    expect(saved.statusCode).toBe(303);
    expect(t.db.select().from(organisation).get()!.viewersSeeContactDetails).toBe(true);
    for (const path of pages) expect((await viewer.get(path)).body, path).toContain('gudrun@kopavogur.is');
  });
});

describe('ticking a follow-up', () => {
  async function setUp() {
    const t = await buildTestApp();
    const partner = makePartner(t.db);
    const author = await createUser(t.db, 'contributor', { name: 'Sofie Author' });
    const assignee = await createUser(t.db, 'contributor', { name: 'Jonas Assignee' });
    const client = new Client(t.app);
    await client.login(author.email);
    await client.post('/log', {
      partnerIds: String(partner.id),
      type: 'meeting',
      occurredOn: '2026-11-20',
      summary: 'Møde',
      followUpTask: 'Send referat',
      followUpDue: '2026-12-01',
      followUpAssignee: String(assignee.id),
    });
    const fu = t.db.select().from(followUps).get()!;
    expect(fu.assigneeId).toBe(assignee.id);
    return { t, fu, author, assignee, authorClient: client };
  }
  const done = (t: Awaited<ReturnType<typeof buildTestApp>>, id: number) =>
    t.db.select().from(followUps).where(eq(followUps.id, id)).get()!.doneAt;

  it('refuses another contributor (403) and offers them no button', async () => {
    const { t, fu } = await setUp();
    const other = await signedIn(t, 'contributor');
    const list = (await other.get('/follow-ups?assignee=all')).body;
    expect(list).toContain('Send referat');
    expect(list).not.toContain(`/follow-ups/${fu.id}/done`);
    expect((await other.get(`/log/${fu.logEntryId}`)).body).not.toContain(`/follow-ups/${fu.id}/done`);
    expect((await other.post(`/follow-ups/${fu.id}/done`)).statusCode).toBe(403);
    expect(done(t, fu.id)).toBeNull();
  });

  it.each(['assignee', 'author', 'coordinator'] as const)('lets the %s tick it and reopen it', async (who) => {
    const { t, fu, assignee, authorClient } = await setUp();
    let client = authorClient;
    if (who === 'assignee') {
      client = new Client(t.app);
      await client.login(assignee.email);
    }
    if (who === 'coordinator') client = await signedIn(t, 'coordinator');
    expect((await client.get(`/log/${fu.logEntryId}`)).body).toContain(`/follow-ups/${fu.id}/done`);
    expect((await client.post(`/follow-ups/${fu.id}/done`)).statusCode).toBe(303);
    expect(done(t, fu.id)).not.toBeNull();
    expect((await client.post(`/follow-ups/${fu.id}/reopen`)).statusCode).toBe(303);
    expect(done(t, fu.id)).toBeNull();
  });
});
