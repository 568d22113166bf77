// Administrators see when the last backup was taken, take one now and download it.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestApp, signedIn } from '../helpers/app.js';

describe('the backups page', () => {
  it('shows the last backup, takes one now and downloads only backup files, for administrators only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partnerships-backups-'));
    try {
      const t = await buildTestApp({ config: { backup: { cron: null, dir } } });
      const admin = await signedIn(t);
      expect((await admin.get('/admin/backups')).body).toContain('No backup has been taken yet.');
      const taken = await admin.post('/admin/backups');
      expect(taken.statusCode).toBe(303);
      const page = (await admin.get('/admin/backups')).body;
      expect(page).toContain('The last backup was taken 24 Nov 2026');
      const name = /href="\/admin\/backups\/(app-[^"]+\.sqlite)"/.exec(page)![1]!;
      const download = await admin.get(`/admin/backups/${name}`);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.subarray(0, 15).toString()).toBe('SQLite format 3');
      expect((await admin.get('/admin/backups/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
      expect((await admin.get('/admin/backups/session-secret')).statusCode).toBe(404);
      const coordinator = await signedIn(t, 'coordinator');
      expect((await coordinator.get('/admin/backups')).statusCode).toBe(403);
      expect((await coordinator.get(`/admin/backups/${name}`)).statusCode).toBe(403);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
