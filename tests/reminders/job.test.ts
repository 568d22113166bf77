import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, Clock, createUser, testConfig } from '../helpers/app.js';
import { runReminders } from '../../src/reminders/job.js';
import { notifications, outbox, users } from '../../src/db/schema.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { followUp, partnershipDue, signedReview } from './factories.js';

let smtp: TestSmtp | undefined;
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

async function setup(clockAt: string) {
  const t = await buildTestApp({ setup: { framework: 'blank' }, clock: new Clock(new Date(clockAt)) });
  smtp = await startSmtp();
  const config = testConfig({ smtp: smtp.config });
  const run = () => runReminders(t.db, { now: t.clock.now(), config });
  return { ...t, smtp, config, run };
}

describe('review reminders by email', () => {
  it('emails the owner 7 days before, in Norwegian, with the link and the due date of Oslo, then on the Sunday DST ends', async () => {
    const t = await setup('2026-10-18T08:00:00Z');
    const owner = await createUser(t.db, 'coordinator', {
      name: 'Kari Nordmann',
      email: 'kari@example.org',
      locale: 'nb',
      timeZone: 'Europe/Oslo',
    });
    const p = partnershipDue(t.db, owner.id, '2026-10-25', { title: 'Vennskapsby Trondheim' });

    await t.run();
    expect(t.smtp.received).toHaveLength(1);
    const mail = t.smtp.received[0]!;
    expect(mail.to).toEqual(['kari@example.org']);
    expect(mail.from).toBe('reminders@example.org');
    expect(mail.subject).toBe('Evaluering forfaller 25. okt. 2026: Vennskapsby Trondheim');
    expect(mail.text).toContain('Hei Kari Nordmann,');
    expect(mail.text).toContain('Evalueringen av «Vennskapsby Trondheim» forfaller om 7 dager, søndag 25. oktober 2026.');
    expect(mail.text).toContain(`http://localhost:3000/partnerships/${p.id}/reviews`);
    expect(mail.html).toContain(`<a href="http://localhost:3000/partnerships/${p.id}/reviews">Åpne i Partnerskap</a>`);
    expect(mail.html).toContain('søndag 25. oktober 2026');

    // 22:30 UTC on Saturday is already 00:30 on Sunday in Oslo (still summer time until 03:00 local).
    t.clock.set('2026-10-24T22:30:00Z');
    await t.run();
    expect(t.smtp.received).toHaveLength(2);
    expect(t.smtp.received[1]!.subject).toBe('Evaluering forfaller i dag: Vennskapsby Trondheim');
    expect(t.smtp.received[1]!.text).toContain('forfaller i dag, søndag 25. oktober 2026.');
  });

  it('uses the New York day of a user in America/New_York: the reminder comes on their Sunday, not the UTC one', async () => {
    const t = await setup('2026-11-01T03:30:00Z'); // 23:30 on Saturday 31 October in New York (EDT)
    const owner = await createUser(t.db, 'coordinator', {
      name: 'Nora York',
      email: 'nora@example.org',
      locale: 'en',
      timeZone: 'America/New_York',
    });
    partnershipDue(t.db, owner.id, '2026-11-01', { title: 'Columbus, Ohio' }); // US daylight saving time ends that Sunday

    await t.run();
    expect(t.smtp.received.map((m) => m.subject)).toEqual(['Review due 1 Nov 2026: Columbus, Ohio']);
    expect(t.smtp.received[0]!.text).toContain('is due in 1 day, on Sunday, 1 November 2026.');

    t.clock.set('2026-11-01T04:30:00Z'); // 00:30 EDT on Sunday 1 November
    await t.run();
    expect(t.smtp.received.map((m) => m.subject)).toEqual(['Review due 1 Nov 2026: Columbus, Ohio', 'Review due today: Columbus, Ohio']);
    expect(t.smtp.received[1]!.text).toContain('is due today, Sunday, 1 November 2026.');
  });

  it('sends each reminder once when the job runs twice', async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const owner = await createUser(t.db, 'coordinator');
    partnershipDue(t.db, owner.id, '2026-12-01');
    partnershipDue(t.db, owner.id, '2026-12-20');

    const first = await t.run();
    const second = await t.run();
    expect(first.decided).toEqual({ email: 2, inApp: 2 });
    expect(first.delivery).toEqual({ sent: 2, retrying: 0, failed: 0 });
    expect(second.decided).toEqual({ email: 0, inApp: 0 });
    expect(second.delivery).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(t.smtp.received).toHaveLength(2);
    expect(t.db.select().from(notifications).all()).toHaveLength(2);
  });

  it('counts from the last signed review: a signed review moves the due date and its reminders', async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const owner = await createUser(t.db, 'coordinator');
    const p = partnershipDue(t.db, owner.id, '2026-11-24');
    signedReview(t.db, p.id, '2026-10-31'); // next review due 2027-10-31
    await t.run();
    expect(t.smtp.received).toHaveLength(0);
  });

  it('sends a reminder missed while the server was down once, and only the latest one', async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const owner = await createUser(t.db, 'coordinator', { email: 'owner@example.org' });
    const p = partnershipDue(t.db, owner.id, '2027-01-20', { title: 'Brno' });
    await t.run();
    expect(t.smtp.received).toHaveLength(0);

    t.clock.set('2027-02-10T09:00:00Z'); // the server was down for eleven weeks; the review is three weeks overdue
    await t.run();
    await t.run();
    expect(t.smtp.received.map((m) => m.subject)).toEqual(['Review overdue: Brno']);
    expect(t.smtp.received[0]!.text).toContain('was due on Wednesday, 20 January 2027 and is 21 days overdue.');
    const keys = t.db
      .select({ key: outbox.key })
      .from(outbox)
      .where(eq(outbox.channel, 'email'))
      .all()
      .map((r) => r.key);
    expect(keys).toEqual([`review:${p.id}:u${owner.id}:2027-01-20:overdue3:email`]);
  });

  it('reminds weekly while overdue and copies the admins once at 30 days overdue', async () => {
    const t = await setup('2027-01-27T09:00:00Z');
    const owner = await createUser(t.db, 'coordinator', { email: 'owner@example.org', name: 'Olga Owner' });
    partnershipDue(t.db, owner.id, '2027-01-20', { title: 'Kaunas' });
    await t.run(); // week 1
    t.clock.set('2027-02-03T09:00:00Z');
    await t.run(); // week 2
    t.clock.set('2027-02-19T09:00:00Z'); // 30 days overdue
    await t.run(); // week 4 + the admins
    t.clock.set('2027-02-26T09:00:00Z');
    await t.run(); // week 5, no second copy to the admins

    const toOwner = t.smtp.received.filter((m) => m.to[0] === 'owner@example.org');
    const toAdmin = t.smtp.received.filter((m) => m.to[0] === 'admin@example.org');
    expect(toOwner).toHaveLength(4);
    expect(toAdmin.map((m) => m.subject)).toEqual(['Review 30 days overdue: Kaunas']);
    expect(toAdmin[0]!.text).toContain('(owner: Olga Owner) was due on Wednesday, 20 January 2027 and is 30 days overdue.');
  });
});

describe('who gets what', () => {
  it("respects each person's choice, gives a user without email in-app only, and inactive users nothing", async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const none = await createUser(t.db, 'coordinator', { notificationPrefs: JSON.stringify({ review: 'none' }) });
    const inApp = await createUser(t.db, 'coordinator', { notificationPrefs: JSON.stringify({ review: 'in_app' }) });
    const emailOnly = await createUser(t.db, 'coordinator', { notificationPrefs: JSON.stringify({ review: 'email' }) });
    const noEmail = await createUser(t.db, 'coordinator', { email: '', notificationPrefs: JSON.stringify({ review: 'email' }) });
    const inactive = await createUser(t.db, 'coordinator', { active: false });
    for (const u of [none, inApp, emailOnly, noEmail, inactive]) partnershipDue(t.db, u.id, '2026-11-30');

    await t.run();
    const rows = t.db.select({ userId: outbox.userId, channel: outbox.channel }).from(outbox).all();
    const byUser = (id: number) =>
      rows
        .filter((r) => r.userId === id)
        .map((r) => r.channel)
        .sort();
    expect(byUser(none.id)).toEqual([]);
    expect(byUser(inApp.id)).toEqual(['in_app']);
    expect(byUser(emailOnly.id)).toEqual(['email']);
    expect(byUser(noEmail.id)).toEqual(['in_app']);
    expect(byUser(inactive.id)).toEqual([]);
    expect(t.smtp.received.map((m) => m.to[0])).toEqual([emailOnly.email]);
    const note = t.db.select().from(notifications).where(eq(notifications.userId, inApp.id)).get()!;
    expect(note.kind).toBe('review');
    expect(note.link).toMatch(/^\/partnerships\/\d+\/reviews$/);
    expect(note.readAt).toBeNull();
  });

  it("reads an in-app reminder in the reader's language of the day, not the one it was written in", async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const owner = await createUser(t.db, 'coordinator', {
      name: 'Ane Sørensen',
      locale: 'da',
      notificationPrefs: JSON.stringify({ review: 'in_app' }),
    });
    partnershipDue(t.db, owner.id, '2026-11-30', { title: 'Venskabsby Kópavogur' });
    await t.run();
    const note = t.db.select().from(notifications).where(eq(notifications.userId, owner.id)).get()!;
    expect(note.title).toBe('Evaluering forfalder 30. nov. 2026: Venskabsby Kópavogur');

    const client = new Client(t.app);
    await client.login(owner.email);
    expect((await client.get('/notifications')).body).toContain('Evaluering forfalder 30. nov. 2026: Venskabsby Kópavogur');
    // She switches to Swedish: the same notification now reads in Swedish, body and all.
    t.db.update(users).set({ locale: 'sv' }).where(eq(users.id, owner.id)).run();
    const swedish = (await client.get('/notifications')).body;
    expect(swedish).toMatch(/Utvärdering ska göras 30 nov\.? 2026: Venskabsby Kópavogur/);
    expect(swedish).toContain('Utvärderingen av ”Venskabsby Kópavogur” ska göras om 6 dagar');
    expect(swedish).not.toContain('Evaluering forfalder');
    // Marked read with htmx, the item that comes back is in Swedish too.
    const item = await client.htmx(`/notifications/${note.id}/read`);
    expect(item.body).toContain('Utvärdering ska göras');
  });

  it('reminds the assignee of a follow-up on its due day and weekly while it is open, not once it is done', async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const assignee = await createUser(t.db, 'contributor', { email: 'ane@example.org', locale: 'da' });
    const f = followUp(t.db, assignee.id, '2026-11-24', { task: 'Send referatet' });
    followUp(t.db, assignee.id, '2026-11-25', { doneAt: '2026-11-20T10:00:00Z' });
    followUp(t.db, assignee.id, '2026-12-10');
    await t.run();
    expect(t.smtp.received.map((m) => m.subject)).toEqual(['Opfølgning forfalder i dag: Send referatet']);
    expect(t.smtp.received[0]!.text).toContain('http://localhost:3000/follow-ups');

    t.clock.set('2026-12-01T10:00:00Z');
    await t.run();
    expect(t.smtp.received[1]!.subject).toBe('Opfølgning er forsinket: Send referatet');
    expect(
      t.db
        .select()
        .from(outbox)
        .all()
        .filter((r) => r.key.startsWith(`follow_up:${f.id}:`) && r.channel === 'email'),
    ).toHaveLength(2);
  });

  it('tells the owner of an agreement approaching renewal and of a membership fee a month before the anniversary', async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const owner = await createUser(t.db, 'coordinator', { email: 'o@example.org' });
    partnershipDue(t.db, owner.id, '2027-09-01', { title: 'Groningen agreement', renewalOn: '2027-01-15' }); // 52 days: the 60-day notice
    partnershipDue(
      t.db,
      owner.id,
      '2027-09-01',
      { title: 'Eurocities', agreementType: 'network_membership', agreementOn: '2019-12-10' },
      { kind: 'network', annualFeeMinor: 1_500_000 },
    );
    await t.run();
    const subjects = t.smtp.received.map((m) => m.subject).sort();
    expect(subjects).toEqual([
      'Membership fee due Thursday, 10 December 2026: Eurocities',
      'Renewal or expiry on Friday, 15 January 2027: Groningen agreement',
    ]);
    const fee = t.smtp.received.find((m) => m.subject.startsWith('Membership'))!;
    expect(fee.text.replace(/\u00a0/g, ' ')).toContain(
      'The annual membership fee of DKK 15,000 for “Eurocities” falls due on Thursday, 10 December 2026',
    );
  });

  it('sends a weekly digest of the coming two weeks to those who asked, once a week', async () => {
    const t = await setup('2026-11-23T07:00:00Z'); // a Monday
    const reader = await createUser(t.db, 'coordinator', {
      email: 'd@example.org',
      weeklyDigest: true,
      notificationPrefs: JSON.stringify({ review: 'none', follow_up: 'none' }),
    });
    partnershipDue(t.db, reader.id, '2026-12-01', { title: 'Tampere' });
    followUp(t.db, reader.id, '2026-11-20', { task: 'Call Tampere' });
    followUp(t.db, reader.id, '2027-03-01', { task: 'Far away' });
    await t.run();
    t.clock.set('2026-11-26T07:00:00Z');
    await t.run();
    expect(t.smtp.received).toHaveLength(1);
    const digest = t.smtp.received[0]!;
    expect(digest.subject).toBe('Your week: 2 things due in the next two weeks');
    expect(digest.text).toContain('Follow-up: Call Tampere, 20 Nov 2026 (overdue)');
    expect(digest.text).toContain('Review of Tampere, 1 Dec 2026');
    expect(digest.text).not.toContain('Far away');
    t.clock.set('2026-11-30T07:00:00Z'); // the next week
    await t.run();
    expect(t.smtp.received).toHaveLength(2);
  });

  it('keeps emails pending in the outbox without SMTP, and still writes the in-app notification', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const owner = await createUser(t.db, 'coordinator');
    partnershipDue(t.db, owner.id, '2026-11-24');
    const result = await runReminders(t.db, { now: t.clock.now(), config: testConfig() });
    expect(result.delivery).toBeNull();
    const email = t.db.select().from(outbox).where(eq(outbox.channel, 'email')).get()!;
    expect(email.status).toBe('pending');
    expect(email.recipient).toBe(owner.email);
    expect(email.subject).toContain('Review due today');
    expect(t.db.select().from(notifications).where(eq(notifications.userId, owner.id)).all()).toHaveLength(1);
  });

  it('does nothing for users made inactive after a reminder was decided', async () => {
    const t = await setup('2026-11-24T10:00:00Z');
    const owner = await createUser(t.db, 'coordinator');
    partnershipDue(t.db, owner.id, '2026-11-24');
    t.db.update(users).set({ active: false }).where(eq(users.id, owner.id)).run();
    await t.run();
    expect(t.smtp.received).toHaveLength(0);
  });
});
