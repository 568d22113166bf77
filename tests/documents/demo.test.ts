// The demo portfolio comes with signed agreements attached to some partnerships.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../helpers/app.js';
import { documents, partnerships } from '../../src/db/schema.js';
import { generateDemo } from '../../src/demo/index.js';
import { demoDocumentsDir } from '../../src/demo/documents.js';
import { documentPath, zipEntryNames } from '../../src/documents/storage.js';
import { TextClassifier, judgeContent } from '../../src/documents/domain.js';

describe('demo documents', () => {
  it('attaches signed agreements (real PDFs, stored by hash) and a council decision to active partnerships', () => {
    const db = freshDatabase();
    const dir = join(mkdtempSync(join(tmpdir(), 'demo-documents-')), 'documents');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 1, now: new Date('2026-11-24T10:00:00Z'), documentsDir: dir });
    const rows = db.select().from(documents).all();
    expect(rows.filter((r) => r.kind === 'agreement').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.kind === 'council_decision')).toHaveLength(1);
    const attachedTo = new Set(rows.map((r) => r.partnershipId));
    const active = db.select({ id: partnerships.id, status: partnerships.status }).from(partnerships).all();
    for (const id of attachedTo) expect(active.find((p) => p.id === id)?.status).toBe('active');
    for (const r of rows) {
      const path = documentPath(dir, r.sha256);
      const bytes = readFileSync(path);
      const text = new TextClassifier();
      text.push(bytes);
      expect(
        judgeContent(r.fileName, bytes.length, { head: bytes.subarray(0, 4096), zipNames: zipEntryNames(path), text: text.result() }),
      ).toEqual({ ok: true, type: 'pdf' });
      expect(r.sizeBytes).toBe(bytes.length);
      expect(r.uploadedById).not.toBeNull();
      expect(r.uploadedAt <= '2026-11-24T10:00:00.000Z').toBe(true);
    }
  });

  it('makes no documents for an in-memory database, which keeps no files', () => {
    expect(demoDocumentsDir({ databaseFile: ':memory:', dataDir: '/nonexistent' })).toBeUndefined();
    expect(demoDocumentsDir({ databaseFile: '/var/lib/partnerships/app.sqlite', dataDir: '/var/lib/partnerships' })).toBe(
      '/var/lib/partnerships/documents',
    );
  });
});
