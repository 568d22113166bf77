// A project partnership: its details (amounts read in the user's locale), funding received
// against costs (flagged on its page and in the list by one rule), and reporting dates reminded
// to the owner like reviews until the report is sent.
import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser, signedIn, type TestApp } from '../helpers/app.js';
import { notifications, outbox, partnerships, projectDetails, projectReportingDates } from '../../src/db/schema.js';
import { decideReminders } from '../../src/reminders/job.js';
import { projectFundingGap } from '../../src/setup/policies.js';
import { ledger, partner, project } from './fixtures.js';

describe('the funding rule', () => {
  const eu = { agreementType: 'project_participation', partnerKind: 'regional_office' };
  it.each([
    ['a project whose funding falls short of its costs', eu, 100_000, 60_000, 40_000],
    ['a project fully funded', eu, 100_000, 100_000, null],
    ['a project funded beyond its costs', eu, 100_000, 150_000, null],
    ['a project with nothing recorded', eu, 0, 0, null],
    ['a partner that is a project, under another agreement', { agreementType: 'cooperation_agreement', partnerKind: 'project' }, 10, 0, 10],
    ['a network membership (not a project)', { agreementType: 'network_membership', partnerKind: 'network' }, 100_000, 0, null],
  ])('%s', (_name, p, costTotal, fundingTotal, gap) => {
    expect(projectFundingGap(p, { costTotal, fundingTotal })).toBe(gap);
  });
});

describe('a project partnership', () => {
  let t: TestApp;
  let green: ReturnType<typeof project>;
  beforeEach(async () => {
    t = await buildTestApp();
    green = project(t.db, partner(t.db, 'EU-kontoret Fyn', { kind: 'regional_office', country: 'DK' }).id, { ownerId: t.adminId });
  });

  it('saves programme, call, deadline, status, budget and co-financing, reading amounts in the Danish way', async () => {
    const coordinator = new Client(t.app);
    await coordinator.login((await createUser(t.db, 'coordinator', { locale: 'da' })).email);
    const res = await coordinator.post(`/partnerships/${green.id}/project`, {
      programme: 'Interreg Østersøen',
      call: 'Call 4',
      applicationDeadlineOn: '2026-02-15',
      projectStatus: 'granted',
      budget: '2.800.000',
      coFinancing: '420.000,50',
    });
    expect(res.statusCode).toBe(303);
    const saved = t.db.select().from(projectDetails).where(eq(projectDetails.partnershipId, green.id)).get()!;
    expect(saved).toMatchObject({
      programme: 'Interreg Østersøen',
      call: 'Call 4',
      applicationDeadlineOn: '2026-02-15',
      status: 'granted',
      budgetMinor: 280_000_000,
      coFinancingMinor: 42_000_050,
      currency: 'DKK',
    });
  });

  it('refuses an ambiguous amount and an unknown status with a 422, keeping what was typed', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    const res = await coordinator.post(`/partnerships/${green.id}/project`, {
      programme: 'Horizon Europe',
      call: '',
      applicationDeadlineOn: '',
      projectStatus: 'dreaming',
      budget: '1.500',
      coFinancing: '',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('value="Horizon Europe"');
    expect(res.body).toContain('id="e-budget"');
    expect(res.body).toContain('id="e-projectStatus"');
    expect(t.db.select().from(projectDetails).all()).toEqual([]);
  });

  it('has no project form for a partnership that is not a project', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    const twin = project(t.db, partner(t.db, 'Tartu').id, { title: 'Twin city Tartu', agreementType: 'twin_city_agreement' });
    expect((await coordinator.get(`/partnerships/${twin.id}/project`)).body).not.toContain('id="project-h"');
    const res = await coordinator.post(`/partnerships/${twin.id}/project`, { projectStatus: 'idea' });
    expect(res.statusCode).toBe(404);
  });

  it('shows a project whose funding does not cover its costs on its page and in the list, until funding covers them', async () => {
    const viewer = await signedIn(t, 'viewer');
    const twin = project(t.db, partner(t.db, 'Tartu').id, { title: 'Twin city Tartu', agreementType: 'twin_city_agreement' });
    ledger(t.db, green.id, 'cost', 500_000);
    ledger(t.db, green.id, 'funding', 200_000);
    ledger(t.db, twin.id, 'cost', 900_000);
    const page = await viewer.get(`/partnerships/${green.id}`);
    expect(page.body).toMatch(/id="funding-gap">The funding received does not cover the costs: DKK\s3,000(\.00)? short\./);
    expect((await viewer.get(`/partnerships/${green.id}/project`)).body).toContain('id="funding-gap"');
    const list = await viewer.get('/partnerships?q=Tartu');
    expect(list.body).not.toContain('Underfunded');
    const listGreen = await viewer.get('/partnerships?q=Green');
    expect(listGreen.body).toMatch(/Underfunded by DKK\s3,000/);
    expect((await viewer.get(`/partnerships/${twin.id}`)).body).not.toContain('funding-gap');

    ledger(t.db, green.id, 'funding', 300_000);
    expect((await viewer.get(`/partnerships/${green.id}`)).body).not.toContain('funding-gap');
    expect((await viewer.get('/partnerships?q=Green')).body).not.toContain('Underfunded');
    expect((await viewer.get(`/partnerships/${green.id}/project`)).body).toContain('The funding received covers the costs.');
  });

  it("words the gap as against Stockholm's framework there", async () => {
    const s = await buildTestApp({ setup: { framework: 'stockholm' } });
    const aid = project(s.db, partner(s.db, 'Sida').id, { title: 'Aid project' });
    ledger(s.db, aid.id, 'cost', 100_000);
    const viewer = await signedIn(s, 'viewer');
    const page = await viewer.get(`/partnerships/${aid.id}`);
    expect(page.body).toContain('id="policy-funding"');
    expect(page.body).not.toContain('id="funding-gap"');
    expect((await viewer.get('/partnerships')).body).toMatch(/Underfunded by/);
  });
});

describe('reporting dates', () => {
  let t: TestApp;
  let green: ReturnType<typeof project>;
  beforeEach(async () => {
    t = await buildTestApp();
    green = project(t.db, partner(t.db, 'EU-kontoret Fyn', { kind: 'regional_office', country: 'DK' }).id, { ownerId: t.adminId });
  });

  const reportingRows = () => t.db.select().from(outbox).where(eq(outbox.kind, 'project_reporting')).all();

  it('adds a reporting date, refusing one without a date or label', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    const bad = await coordinator.post(`/partnerships/${green.id}/reporting-dates`, { dueOn: '2026-02-30', label: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('id="e-dueOn"');
    expect(bad.body).toContain('id="e-label"');
    expect(t.db.select().from(projectReportingDates).all()).toEqual([]);
    const ok = await coordinator.post(`/partnerships/${green.id}/reporting-dates`, { dueOn: '2027-01-31', label: 'Interim report' });
    expect(ok.statusCode).toBe(303);
    const page = await coordinator.get(`/partnerships/${green.id}/project`);
    expect(page.body).toContain('Interim report');
    expect(page.body).toContain('Not sent');
  });

  it('reminds the owner before, on and after the date like a review, once per occasion, and stops once sent', async () => {
    t.db.insert(projectReportingDates).values({ partnershipId: green.id, dueOn: '2027-01-31', label: 'Interim report' }).run();
    // Before the first reminder day (30 days ahead): nothing.
    decideReminders(t.db, new Date('2026-12-31T08:00:00Z'), 'http://x');
    expect(reportingRows()).toEqual([]);
    // 30 days before: one reminder (email and in-app for the owner).
    decideReminders(t.db, new Date('2027-01-01T08:00:00Z'), 'http://x');
    decideReminders(t.db, new Date('2027-01-01T09:00:00Z'), 'http://x');
    const first = reportingRows();
    expect(first.length).toBeGreaterThan(0);
    expect(first.every((r) => r.userId === t.adminId && r.key.includes('2027-01-31:before30'))).toBe(true);
    expect(first.find((r) => r.channel === 'email')!.subject).toBe('Report to the funder due 31 Jan 2027: Green Harbours (Interreg)');
    const note = t.db.select().from(notifications).where(eq(notifications.kind, 'project_reporting')).get()!;
    expect(note.link).toBe(`/partnerships/${green.id}/project#reporting`);
    expect(note.body).toContain('The report “Interim report” for “Green Harbours (Interreg)” is due in');
    // A week overdue.
    decideReminders(t.db, new Date('2027-02-08T08:00:00Z'), 'http://x');
    expect(reportingRows().some((r) => r.key.includes(':overdue1:') && r.subject!.startsWith('Report to the funder overdue'))).toBe(true);
    // Sent: no more reminders.
    t.clock.set('2027-02-09T10:00:00Z');
    const coordinator = await signedIn(t, 'coordinator');
    const row = t.db.select().from(projectReportingDates).get()!;
    const done = await coordinator.post(`/partnerships/${green.id}/reporting-dates/${row.id}/done`);
    expect(done.headers.location).toBe(`/partnerships/${green.id}/project#reporting`);
    expect(t.db.select().from(projectReportingDates).get()!.doneOn).toBe('2027-02-09');
    const before = reportingRows().length;
    decideReminders(t.db, new Date('2027-02-15T08:00:00Z'), 'http://x');
    expect(reportingRows().length).toBe(before);
  });

  it('does not remind about a partnership that has ended', async () => {
    t.db.insert(projectReportingDates).values({ partnershipId: green.id, dueOn: '2027-01-31', label: 'Final report' }).run();
    t.db.update(partnerships).set({ status: 'ended' }).where(eq(partnerships.id, green.id)).run();
    decideReminders(t.db, new Date('2027-01-31T08:00:00Z'), 'http://x');
    expect(reportingRows()).toEqual([]);
  });
});
