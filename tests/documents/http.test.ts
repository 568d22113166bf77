// Uploading, listing, downloading and deleting documents through the real routes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Client, createUser, signedIn } from '../helpers/app.js';
import { auditLog, delegations, documents, organisation, reviews } from '../../src/db/schema.js';
import { makeContact, makePartner, makePartnership } from '../log/fixtures.js';
import { MAX_DOCUMENT_BYTES } from '../../src/documents/domain.js';
import { documentPath } from '../../src/documents/storage.js';
import { EXE, PNG, bigPdf, documentsApp, filesUnder, samplePdf, uploadDocument } from './helpers.js';

type T = Awaited<ReturnType<typeof documentsApp>>;
let t: T;
let partnerId: number;
let partnershipId: number;

beforeEach(async () => {
  t = await documentsApp();
  partnerId = makePartner(t.db, { name: 'Tromsø kommune', country: 'NO' }).id;
  partnershipId = makePartnership(t.db, partnerId, { title: 'Venskabsby Tromsø' }).id;
});
afterEach(async () => {
  await t.app.close();
});

const NORDIC_NAME = 'Venskabsaftale Århus–Tromsø, underskrevet æøå ÆØÅ äö.pdf';

describe('uploading and downloading', () => {
  it('round-trips a PDF with a Nordic file name: stored by hash, listed with who added it and when, downloaded byte for byte', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const pdf = samplePdf('Signed agreement');
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: NORDIC_NAME, content: pdf, type: 'application/pdf' },
      { title: 'Signed twin-city agreement' },
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/partnerships/${partnershipId}#documents`);

    const row = t.db.select().from(documents).get()!;
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(row).toMatchObject({
      fileName: NORDIC_NAME,
      title: 'Signed twin-city agreement',
      kind: 'agreement',
      mediaType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256,
      partnershipId,
    });
    expect(filesUnder(t.documentsDir)).toEqual([`${sha256.slice(0, 2)}/${sha256}`]);
    expect(readFileSync(documentPath(t.documentsDir, sha256)).equals(pdf)).toBe(true);

    const page = await coordinator.get(`/partnerships/${partnershipId}`);
    expect(page.body).toContain('id="documents"');
    expect(page.body).toContain('Signed twin-city agreement');
    expect(page.body).toContain(NORDIC_NAME);
    const uploader = t.db.select().from(auditLog).where(eq(auditLog.entityType, 'document')).get()!;
    expect(uploader.action).toBe('create');
    expect(page.body).toMatch(/Coordinator \d+, 24 Nov 2026/);

    const download = await coordinator.get(`/documents/${row.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(download.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(NORDIC_NAME);
    expect(download.headers['cache-control']).toContain('no-store');
  });

  it('stores a file uploaded twice once, and keeps it until the last document using it is deleted', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const pdf = samplePdf('Minutes');
    await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'minutes.pdf', content: pdf },
      { kind: 'minutes' },
    );
    await uploadDocument(coordinator, `/partners/${partnerId}/documents`, { name: 'referat.pdf', content: pdf }, { kind: 'minutes' });
    const rows = t.db.select().from(documents).all();
    expect(rows).toHaveLength(2);
    expect(filesUnder(t.documentsDir)).toHaveLength(1);

    const confirm = await coordinator.get(`/documents/${rows[0]!.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('minutes.pdf');
    expect(t.db.select().from(documents).all()).toHaveLength(2);
    expect((await coordinator.post(`/documents/${rows[0]!.id}/deletion`)).statusCode).toBe(303);
    expect(filesUnder(t.documentsDir)).toHaveLength(1);
    expect((await coordinator.post(`/documents/${rows[1]!.id}/deletion`)).statusCode).toBe(303);
    expect(t.db.select().from(documents).all()).toHaveLength(0);
    expect(filesUnder(t.documentsDir)).toEqual([]);
    const audit = await (await signedIn(t)).get('/audit');
    expect(audit.body).toMatch(/Coordinator \d+ created the document minutes/);
    expect(audit.body).toMatch(/Coordinator \d+ deleted the document referat/);
    const deletions = t.db.select().from(auditLog).where(eq(auditLog.action, 'delete')).all();
    expect(deletions.map((d) => JSON.parse(d.changes).fileName[0])).toEqual(['minutes.pdf', 'referat.pdf']);
  });

  it('attaches to partners, reviews and delegations too, and answers 404 for a record that does not exist', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get('/partners');
    const review = t.db
      .insert(reviews)
      .values({ partnershipId, periodStartOn: '2025-01-01', periodEndOn: '2025-12-31', state: 'draft' })
      .returning()
      .get();
    const delegation = t.db
      .insert(delegations)
      .values({
        direction: 'incoming',
        title: 'Besøg fra Tromsø',
        partnerId,
        startsOn: '2026-05-01',
        endsOn: '2026-05-03',
        status: 'planned',
        updatedAt: '2026-01-01T00:00:00Z',
      })
      .returning()
      .get();
    for (const [url, page] of [
      [`/partners/${partnerId}/documents`, `/partners/${partnerId}`],
      [`/reviews/${review.id}/documents`, `/reviews/${review.id}`],
      [`/delegations/${delegation.id}/documents`, `/delegations/${delegation.id}`],
    ] as const) {
      const res = await uploadDocument(coordinator, url, { name: 'programme.pdf', content: samplePdf(url) }, { kind: 'programme' });
      expect(res.statusCode, url).toBe(303);
      const shown = await coordinator.get(page);
      expect(shown.statusCode, page).toBe(200);
      expect(shown.body, page).toContain('programme.pdf');
    }
    // The review shows its partnership's documents too: the agreement it is judged against.
    await uploadDocument(coordinator, `/partnerships/${partnershipId}/documents`, {
      name: 'Signed agreement.pdf',
      content: samplePdf('signed'),
    });
    const reviewPage = await coordinator.get(`/reviews/${review.id}`);
    expect(reviewPage.body).toContain('From the partnership');
    expect(reviewPage.body).toContain('Signed agreement.pdf');
    expect((await uploadDocument(coordinator, '/partnerships/999/documents', { name: 'x.pdf', content: samplePdf() })).statusCode).toBe(
      404,
    );
    expect(t.db.select().from(documents).all()).toHaveLength(4);
  });
});

describe('refusing what is not what it says', () => {
  it('refuses a program named .pdf with a clear message, saving nothing', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(coordinator, `/partnerships/${partnershipId}/documents`, { name: 'agreement.pdf', content: EXE });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(
      'By its content, “agreement.pdf” is not a PDF, Word, Excel, PowerPoint, OpenDocument text, PNG, JPEG or plain text file',
    );
    expect(res.body).toContain('Nothing was saved');
    expect(t.db.select().from(documents).all()).toEqual([]);
    expect(filesUnder(t.documentsDir)).toEqual([]);
  });

  it('refuses an image named .pdf, saying what the content is', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(coordinator, `/partnerships/${partnershipId}/documents`, { name: 'scan.pdf', content: PNG });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The name “scan.pdf” does not match the content, which is a PNG image.');
    expect(filesUnder(t.documentsDir)).toEqual([]);
  });

  it('refuses an upload without a file, and an unknown kind, keeping what was typed', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const none = await uploadDocument(coordinator, `/partnerships/${partnershipId}/documents`, null, { title: 'Kept title' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Choose a file to attach.');
    expect(none.body).toContain('value="Kept title"');
    const kind = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'a.pdf', content: samplePdf() },
      { kind: 'treaty' },
    );
    expect(kind.statusCode).toBe(422);
    expect(t.db.select().from(documents).all()).toEqual([]);
    expect(filesUnder(t.documentsDir)).toEqual([]);
  });
});

describe('the size limit', () => {
  it('refuses a 200 MB upload with 413 and a clear message, reading it as a stream and leaving no file behind', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const total = 200 * 1024 * 1024;
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'huge.pdf', content: bigPdf(total) },
      {},
      { declaredLength: total + 1024 },
    );
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('The file is larger than 25 MB, the most a document may be. Nothing was saved.');
    expect(t.db.select().from(documents).all()).toEqual([]);
    expect(filesUnder(t.documentsDir)).toEqual([]);
  });

  it('refuses a body without a declared length once it passes the limit, removing the partial file', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'big.pdf', content: bigPdf(MAX_DOCUMENT_BYTES + 1) },
      {},
      { declaredLength: null },
    );
    expect(res.statusCode).toBe(413);
    expect(t.db.select().from(documents).all()).toEqual([]);
    expect(filesUnder(t.documentsDir)).toEqual([]);
  });

  it('accepts a file of exactly the limit', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'max.pdf', content: bigPdf(MAX_DOCUMENT_BYTES) },
      {},
      { declaredLength: null },
    );
    expect(res.statusCode).toBe(303);
    expect(t.db.select().from(documents).get()!.sizeBytes).toBe(MAX_DOCUMENT_BYTES);
  });

  it('leaves no temporary file when the CSRF token is wrong', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'a.pdf', content: samplePdf() },
      {},
      { csrf: 'forged' },
    );
    expect(res.statusCode).toBe(403);
    expect(t.db.select().from(documents).all()).toEqual([]);
    expect(filesUnder(t.documentsDir)).toEqual([]);
  });
});

describe('who may do what', () => {
  async function attach(contactId?: number) {
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: contactId ? 'cv.pdf' : 'agreement.pdf', content: samplePdf(String(contactId)) },
      contactId ? { contactId: String(contactId), kind: 'other' } : {},
    );
    expect(res.statusCode).toBe(303);
    return t.db.select().from(documents).all().at(-1)!;
  }

  it('lets a viewer open a partnership document but not upload or delete', async () => {
    const doc = await attach();
    const viewer = await signedIn(t, 'viewer');
    const page = await viewer.get(`/partnerships/${partnershipId}`);
    expect(page.body).toContain('agreement.pdf');
    expect(page.body).not.toContain(`/partnerships/${partnershipId}/documents"`);
    expect(page.body).not.toContain(`/documents/${doc.id}/delete`);
    expect((await viewer.get(`/documents/${doc.id}/download`)).statusCode).toBe(200);
    expect(
      (await uploadDocument(viewer, `/partnerships/${partnershipId}/documents`, { name: 'b.pdf', content: samplePdf('b') })).statusCode,
    ).toBe(403);
    expect((await viewer.get(`/documents/${doc.id}/delete`)).statusCode).toBe(403);
    expect((await viewer.post(`/documents/${doc.id}/deletion`)).statusCode).toBe(403);
    const contributor = await signedIn(t, 'contributor');
    expect((await contributor.post(`/documents/${doc.id}/deletion`)).statusCode).toBe(403);
    expect(t.db.select().from(documents).all()).toHaveLength(1);
  });

  it('sends someone not signed in to the sign-in page instead of the file', async () => {
    const doc = await attach();
    const anonymous = new Client(t.app);
    const res = await anonymous.get(`/documents/${doc.id}/download`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
  });

  it('keeps a document about a person from a viewer who may not see contact details (403, not listed), until the organisation allows it', async () => {
    const contact = makeContact(t.db, partnerId, { name: 'Ingrid Østby' });
    const doc = await attach(contact.id);
    expect(doc.contactId).toBe(contact.id);
    const viewer = await signedIn(t, 'viewer');
    const page = await viewer.get(`/partnerships/${partnershipId}`);
    expect(page.body).not.toContain('cv.pdf');
    expect((await viewer.get(`/documents/${doc.id}/download`)).statusCode).toBe(403);
    t.db.update(organisation).set({ viewersSeeContactDetails: true }).run();
    expect((await viewer.get(`/documents/${doc.id}/download`)).statusCode).toBe(200);
    const contributor = new Client(t.app);
    await contributor.login((await createUser(t.db, 'contributor')).email);
    expect((await contributor.get(`/documents/${doc.id}/download`)).statusCode).toBe(200);
  });

  it('refuses a contact person from another partner', async () => {
    const stranger = makeContact(t.db, makePartner(t.db, { name: 'Brno' }).id, { name: 'Jana Nováková' });
    const coordinator = await signedIn(t, 'coordinator');
    await coordinator.get(`/partnerships/${partnershipId}`);
    const res = await uploadDocument(
      coordinator,
      `/partnerships/${partnershipId}/documents`,
      { name: 'a.pdf', content: samplePdf() },
      { contactId: String(stranger.id) },
    );
    expect(res.statusCode).toBe(422);
    expect(t.db.select().from(documents).all()).toEqual([]);
  });

  it('answers 404 for a document that does not exist', async () => {
    const coordinator = await signedIn(t, 'coordinator');
    expect((await coordinator.get('/documents/4242/download')).statusCode).toBe(404);
    expect((await coordinator.get('/documents/abc/download')).statusCode).toBe(404);
  });
});
