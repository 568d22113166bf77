// Local actors: records with contact people, their parts in partnerships and delegations, the map
// of ties (paged and sorted), the 422s, and their place as evidence on a review.
import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, signedIn, type TestApp } from '../helpers/app.js';
import { contacts, localActorContacts, localActorLinks, localActors } from '../../src/db/schema.js';
import { makePartnership } from '../reviews/factories.js';
import { makeDelegation } from '../delegations/factories.js';
import type { Client } from '../helpers/app.js';

async function createActor(client: Client, form: Record<string, string>) {
  await client.get('/local-actors/new');
  const res = await client.post('/local-actors', { kind: 'university', sector: '', website: '', description: '', ...form });
  expect(res.statusCode).toBe(303);
  return Number(/\/local-actors\/(\d+)/.exec(String(res.headers.location))![1]);
}

async function link(client: Client, actorId: number, form: Record<string, string>) {
  return client.post(`/local-actors/${actorId}/links`, { partnershipId: '', delegationId: '', role: 'partner', note: '', ...form });
}

function actorCount(t: TestApp) {
  return t.db.select().from(localActors).all().length;
}

describe('local actors', () => {
  it('records a local actor with contact people: an existing contact by email, or a name and email', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const id = await createActor(coordinator, { name: 'Syddansk Universitet', kind: 'university', sector: 'Research and education' });
    const known = t.db
      .insert(contacts)
      .values({ name: 'Karen Holm', email: 'karen@sdu.example', updatedAt: '2026-01-01T00:00:00Z' })
      .returning()
      .get();
    expect((await coordinator.post(`/local-actors/${id}/contacts`, { name: '', email: 'karen@sdu.example' })).statusCode).toBe(303);
    expect((await coordinator.post(`/local-actors/${id}/contacts`, { name: 'Jens Madsen', email: 'jens@sdu.example' })).statusCode).toBe(
      303,
    );
    const rows = t.db.select().from(localActorContacts).where(eq(localActorContacts.localActorId, id)).all();
    expect(rows).toEqual([
      expect.objectContaining({ contactId: known.id, name: '' }),
      expect.objectContaining({ contactId: null, name: 'Jens Madsen', email: 'jens@sdu.example' }),
    ]);
    const page = await coordinator.get(`/local-actors/${id}`);
    expect(page.body).toContain(`<a href="/contacts/${known.id}">Karen Holm</a>`);
    expect(page.body).toContain('Jens Madsen');
    expect(page.body).toContain('Research and education');
  });

  it('answers 422 with the input kept for a nameless actor, an unknown kind and a contact with neither name nor known email', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get('/local-actors/new');
    const bad = await coordinator.post('/local-actors', { name: '', kind: 'castle', sector: 'Culture' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="e-name" class="field-error">/);
    expect(bad.body).toMatch(/id="e-kind" class="field-error">/);
    expect(bad.body).toContain('value="Culture"');
    expect(actorCount(t)).toBe(0);
    const id = await createActor(coordinator, { name: 'Odense Zoo', kind: 'cultural_institution' });
    const none = await coordinator.post(`/local-actors/${id}/contacts`, { name: '', email: '' });
    expect(none.statusCode).toBe(422);
    const unknown = await coordinator.post(`/local-actors/${id}/contacts`, { name: '', email: 'nobody@zoo.example' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('No contact has that email. Give a name too.');
    expect(unknown.body).toContain('value="nobody@zoo.example"');
    expect(t.db.select().from(localActorContacts).all()).toHaveLength(0);
  });

  it('links to exactly one tie with a role: neither or both is a 422', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = makePartnership(t.db);
    const d = makeDelegation(t.db, { partnershipId: p.id });
    const id = await createActor(coordinator, { name: 'Odense Robotics', kind: 'business' });
    expect((await link(coordinator, id, {})).statusCode).toBe(422);
    const both = await link(coordinator, id, { partnershipId: String(p.id), delegationId: String(d.id) });
    expect(both.statusCode).toBe(422);
    expect(both.body).toContain('Choose a partnership or a delegation (one of the two).');
    expect((await link(coordinator, id, { partnershipId: '999999' })).statusCode).toBe(422);
    expect((await link(coordinator, id, { partnershipId: String(p.id), role: 'owner' })).statusCode).toBe(422);
    expect(t.db.select().from(localActorLinks).all()).toHaveLength(0);
    expect((await link(coordinator, id, { partnershipId: String(p.id), role: 'lead' })).statusCode).toBe(303);
    expect((await link(coordinator, id, { delegationId: String(d.id), role: 'host' })).statusCode).toBe(303);
    const page = await coordinator.get(`/local-actors/${id}`);
    expect(page.body).toContain(`href="/partnerships/${p.id}"`);
    expect(page.body).toContain(`href="/delegations/${d.id}"`);
  });

  it('shows the local actors taking part, with their role, on the partnership and delegation pages', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const viewer = await signedIn(t, 'viewer');
    const p = makePartnership(t.db);
    const d = makeDelegation(t.db, { partnershipId: p.id });
    const section = (html: string) => /<section id="local-actors"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const empty = section((await coordinator.get(`/partnerships/${p.id}`)).body);
    expect(empty).toContain('No local actors take part yet.');
    expect(empty).toContain('href="/local-actors">Link a local actor</a>');
    const sdu = await createActor(coordinator, { name: 'Syddansk Universitet', kind: 'university' });
    const robotics = await createActor(coordinator, { name: 'Odense Robotics', kind: 'business' });
    expect((await link(coordinator, sdu, { partnershipId: String(p.id), role: 'lead' })).statusCode).toBe(303);
    expect((await link(coordinator, robotics, { delegationId: String(d.id), role: 'host' })).statusCode).toBe(303);

    const onPartnership = section((await coordinator.get(`/partnerships/${p.id}`)).body);
    expect(onPartnership).toContain(`<a href="/local-actors/${sdu}">Syddansk Universitet</a>`);
    expect(onPartnership).toContain('University');
    expect(onPartnership).toContain('Leads');
    expect(onPartnership).not.toContain('Odense Robotics');
    const onDelegation = section((await coordinator.get(`/delegations/${d.id}`)).body);
    expect(onDelegation).toContain(`<a href="/local-actors/${robotics}">Odense Robotics</a>`);
    expect(onDelegation).toContain('Host');
    expect(onDelegation).not.toContain('Syddansk Universitet');
    // A viewer sees who takes part, not the way to link one.
    const seen = section((await viewer.get(`/partnerships/${p.id}`)).body);
    expect(seen).toContain('Syddansk Universitet');
    expect(seen).not.toContain('Link a local actor');
  });

  it("removes a contact person and a link of this actor, and answers 404 for another actor's", async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = makePartnership(t.db);
    const a = await createActor(coordinator, { name: 'Odense Musikbibliotek', kind: 'cultural_institution' });
    const b = await createActor(coordinator, { name: 'Other actor', kind: 'other' });
    await coordinator.post(`/local-actors/${a}/contacts`, { name: 'Lene Berg', email: '' });
    await link(coordinator, a, { partnershipId: String(p.id) });
    const contact = t.db.select().from(localActorContacts).get()!;
    const tie = t.db.select().from(localActorLinks).get()!;
    expect((await coordinator.post(`/local-actors/${b}/links/${tie.id}/delete`)).statusCode).toBe(404);
    expect((await coordinator.post(`/local-actors/${b}/contacts/${contact.id}/delete`)).statusCode).toBe(404);
    expect((await coordinator.post(`/local-actors/${a}/links/${tie.id}/delete`)).statusCode).toBe(303);
    expect((await coordinator.post(`/local-actors/${a}/contacts/${contact.id}/delete`)).statusCode).toBe(303);
    expect(t.db.select().from(localActorLinks).all()).toHaveLength(0);
    expect(t.db.select().from(localActorContacts).all()).toHaveLength(0);
  });

  it('lets only coordinators and administrators change local actors', async () => {
    const t = await buildTestApp();
    const viewer = await signedIn(t, 'viewer');
    expect((await viewer.get('/local-actors')).statusCode).toBe(200);
    expect((await viewer.post('/local-actors', { name: 'X', kind: 'school' })).statusCode).toBe(403);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.post('/local-actors', { name: 'X', kind: 'school' })).statusCode).toBe(403);
    expect(actorCount(t)).toBe(0);
  });
});

describe('the map of ties', () => {
  it('lists which local actors take part in which ties, sorted and paged', async () => {
    const t = await buildTestApp({ setup: { locale: 'da' } });
    const coordinator = await signedIn(t, 'coordinator');
    const p = makePartnership(t.db, { title: 'Robot city exchange' });
    const names = ['Aarhus Business College', 'Borgernes Hus', 'Cykelforeningen'];
    for (const name of names) {
      const id = await createActor(coordinator, { name, kind: 'association' });
      await link(coordinator, id, { partnershipId: String(p.id) });
    }
    await coordinator.get('/local-actors'); // shows (and so clears) the last "was added" message
    const rowsOf = async (url: string) => {
      const body = (await coordinator.get(url)).body;
      expect(body).toContain('Robot city exchange');
      return names
        .map((n) => ({ n, at: body.indexOf(n) }))
        .sort((x, y) => x.at - y.at)
        .map((x) => x.n);
    };
    // The organisation's (Danish) order: Aa sorts as Å, after Z.
    expect(await rowsOf('/local-actors/ties?sort=actor&dir=asc')).toEqual(['Borgernes Hus', 'Cykelforeningen', 'Aarhus Business College']);
    expect(await rowsOf('/local-actors/ties?sort=actor&dir=desc')).toEqual(['Aarhus Business College', 'Cykelforeningen', 'Borgernes Hus']);
    // 60 links: the second page holds the last 10.
    const extra = await createActor(coordinator, { name: 'Many ties', kind: 'school' });
    for (let i = 0; i < 57; i++)
      t.db.insert(localActorLinks).values({ localActorId: extra, partnershipId: p.id, role: 'participant' }).run();
    const page2 = await coordinator.get('/local-actors/ties?page=2');
    expect(page2.body).toMatch(/51.{0,40}60.{0,40}60/s);
    expect(page2.body).toContain('rel="prev"');
  });
});

describe('local actors as review evidence', () => {
  it('shows on a review the local actors of the partnership and of its delegations in the period, for the collaboration principle', async () => {
    const t = await buildTestApp();
    const coordinator = await signedIn(t, 'coordinator');
    const p = makePartnership(t.db, { activeSinceOn: '2025-06-01' });
    const inPeriod = makeDelegation(t.db, {
      partnershipId: p.id,
      title: 'Robotics study visit',
      startsOn: '2026-03-02',
      endsOn: '2026-03-04',
    });
    const later = makeDelegation(t.db, { partnershipId: p.id, title: 'Next year visit', startsOn: '2027-05-02', endsOn: '2027-05-04' });
    const sdu = await createActor(coordinator, { name: 'Syddansk Universitet', kind: 'university' });
    const zoo = await createActor(coordinator, { name: 'Odense Zoo', kind: 'cultural_institution' });
    const school = await createActor(coordinator, { name: 'Tarup Skole', kind: 'school' });
    const other = await createActor(coordinator, { name: 'Unrelated Business', kind: 'business' });
    await link(coordinator, sdu, { partnershipId: String(p.id), role: 'expert', note: 'Robot lab' });
    await link(coordinator, zoo, { delegationId: String(inPeriod.id), role: 'host' });
    await link(coordinator, school, { delegationId: String(later.id), role: 'host' });
    await link(coordinator, other, { partnershipId: String(makePartnership(t.db).id) });
    const start = await coordinator.post(`/partnerships/${p.id}/reviews`);
    const page = await coordinator.get(String(start.headers.location));
    const section = /<section id="local-actor-evidence"[\s\S]*?<\/section>/.exec(page.body)![0];
    expect(section).toContain('Syddansk Universitet');
    expect(section).toContain('Robot lab');
    expect(section).toContain('Expert');
    expect(section).toContain('Odense Zoo');
    expect(section).toContain('Robotics study visit');
    expect(section).not.toContain('Tarup Skole');
    expect(section).not.toContain('Unrelated Business');
  });
});
