// Backups: which ones the retention rule keeps (a table), an online backup that is consistent while
// another connection writes, a restore that refuses damaged or mismatched files and keeps the old
// database aside, and the CLI commands end to end.
import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/client.js';
import { backupsToKeep } from '../../src/backup/retention.js';
import {
  backupDatabase,
  backupName,
  checkRestorable,
  listBackups,
  parseBackupName,
  pruneBackups,
  restoreDatabase,
} from '../../src/backup/backup.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'partnerships-backup-'));
const root = join(import.meta.dirname, '../..');

/** Daily backups at 02:30 UTC for `days` days up to and including `last`. */
function daily(last: string, days: number): string[] {
  const end = new Date(`${last}T02:30:00Z`).getTime();
  return Array.from({ length: days }, (_, i) => new Date(end - i * 86_400_000).toISOString());
}

describe('retention', () => {
  // 2026-11-30 is a Monday.
  const now = new Date('2026-11-30T12:00:00Z');
  const cases: { name: string; backups: string[]; kept: string[] }[] = [
    { name: 'nothing to keep from nothing', backups: [], kept: [] },
    {
      name: 'a year of dailies: 7 days, 2 more weeks, 11 more month ends',
      backups: daily('2026-11-30', 400),
      kept: [
        ...daily('2026-11-30', 7),
        '2026-11-22T02:30:00.000Z',
        '2026-11-15T02:30:00.000Z',
        ...[
          '2026-10-31',
          '2026-09-30',
          '2026-08-31',
          '2026-07-31',
          '2026-06-30',
          '2026-05-31',
          '2026-04-30',
          '2026-03-31',
          '2026-02-28',
          '2026-01-31',
          '2025-12-31',
        ].map((d) => `${d}T02:30:00.000Z`),
      ],
    },
    {
      name: 'several a day: the newest of each day',
      backups: ['2026-11-30T01:00:00.000Z', '2026-11-30T09:00:00.000Z', '2026-11-29T08:00:00.000Z', '2026-11-29T20:00:00.000Z'],
      kept: ['2026-11-30T09:00:00.000Z', '2026-11-29T20:00:00.000Z'],
    },
    {
      name: 'backups stopped two years ago: the newest is still kept',
      backups: ['2024-10-01T02:30:00.000Z', '2024-09-01T02:30:00.000Z'],
      kept: ['2024-10-01T02:30:00.000Z'],
    },
    {
      name: 'a backup from the future (a clock set wrong) is kept, not judged',
      backups: ['2027-01-01T00:00:00.000Z', '2026-11-30T02:30:00.000Z'],
      kept: ['2027-01-01T00:00:00.000Z', '2026-11-30T02:30:00.000Z'],
    },
    {
      name: 'a gap of a month: weeklies and monthlies fill in',
      backups: ['2026-10-20T02:30:00.000Z', '2026-10-10T02:30:00.000Z', '2026-09-15T02:30:00.000Z', '2026-09-01T02:30:00.000Z'],
      kept: ['2026-10-20T02:30:00.000Z', '2026-09-15T02:30:00.000Z'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const entries = c.backups.map((iso) => ({ name: backupName(new Date(iso)), takenAt: new Date(iso) }));
      const kept = [...backupsToKeep(entries, now)].map((n) => parseBackupName(n)!.toISOString()).sort();
      expect(kept).toEqual([...c.kept].sort());
    });
  }

  it('prunes only dated backup files, never other files in the folder', () => {
    const dir = tempDir();
    for (const iso of daily('2026-11-30', 30)) writeFileSync(join(dir, backupName(new Date(iso))), '');
    writeFileSync(join(dir, 'before-upgrade.sqlite'), '');
    const deleted = pruneBackups(dir, now);
    expect(deleted).toHaveLength(30 - 9); // 7 days + 2 weeks
    expect(listBackups(dir)).toHaveLength(9);
    expect(existsSync(join(dir, 'before-upgrade.sqlite'))).toBe(true);
  });
});

describe('online backup', () => {
  it('is consistent while another connection keeps writing', async () => {
    const dir = tempDir();
    const file = join(dir, 'app.sqlite');
    const db = openDatabase(file);
    const writer = new Database(file);
    writer.pragma('busy_timeout = 5000');
    // Each transaction writes a pair; a torn backup would hold an odd number.
    const pair = writer.transaction((i: number) => {
      const ins = writer.prepare("insert into sessions (sid, data, expires_at) values (?, ?, '2100-01-01')");
      ins.run(`a${i}`, 'x'.repeat(2000));
      ins.run(`b${i}`, 'x'.repeat(2000));
    });
    for (let i = 0; i < 500; i++) pair(i);
    let i = 500;
    let writing = true;
    const writes = (async () => {
      while (writing) {
        pair(i++);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const target = await backupDatabase(db.$client, join(dir, 'backups'), new Date('2026-11-30T02:30:00Z'), { folder: true });
    writing = false;
    await writes;
    expect(target).toBe(join(dir, 'backups', 'app-2026-11-30T023000Z.sqlite'));
    expect(readdirSync(join(dir, 'backups'))).toEqual(['app-2026-11-30T023000Z.sqlite']); // no .partial left
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = copy.prepare('select count(*) from sessions').pluck().get() as number;
    copy.close();
    expect(n % 2).toBe(0);
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(i, 'the writer wrote while the backup ran').toBeGreaterThan(500);
    expect(checkRestorable(target)).toEqual([]);
    writer.close();
    db.$client.close();
  });
});

describe('restore', () => {
  function database(dir: string, name: string, fill?: (db: Database.Database) => void): string {
    const file = join(dir, name);
    const db = openDatabase(file);
    fill?.(db.$client);
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    db.$client.close();
    return file;
  }

  it('refuses a file that is not a database, a damaged one, one with broken references and one of another schema version', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'text.sqlite'), 'not a database at all, just some text that is long enough'.repeat(5));
    const broken = database(dir, 'broken.sqlite', (db) => {
      db.pragma('foreign_keys = OFF');
      db.prepare("insert into notifications (user_id, kind, title) values (999, 'x', 'orphan')").run();
    });
    const old = database(dir, 'old.sqlite', (db) =>
      db.prepare('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)').run(),
    );
    const damaged = database(dir, 'damaged.sqlite', (db) => {
      db.prepare("insert into sessions (sid, data, expires_at) values ('s', ?, '2100-01-01')").run('x'.repeat(50_000));
    });
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, bytes.length - 30_000, bytes.length - 20_000);
    writeFileSync(damaged, bytes);

    expect(checkRestorable(join(dir, 'text.sqlite'))).toEqual([expect.stringMatching(/cannot be read as an SQLite database/)]);
    expect(checkRestorable(broken)).toEqual(['foreign_key_check found 1 rows pointing at nothing']);
    expect(checkRestorable(old)).toEqual([expect.stringMatching(/schema is older than this version/)]);
    expect(checkRestorable(damaged).join('\n')).toMatch(/integrity_check failed|cannot be read/);

    const live = database(dir, 'app.sqlite');
    expect(() => restoreDatabase(broken, live, new Date())).toThrow(/broken\.sqlite cannot be restored:\n {2}- foreign_key_check/);
    expect(readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('replaces the database and keeps the old one aside', () => {
    const dir = tempDir();
    const backup = database(dir, 'backup.sqlite', (db) =>
      db.prepare("insert into sessions (sid, data, expires_at) values ('from-backup', '{}', '2100-01-01')").run(),
    );
    const live = database(dir, 'app.sqlite', (db) =>
      db.prepare("insert into sessions (sid, data, expires_at) values ('live', '{}', '2100-01-01')").run(),
    );
    const { keptAs } = restoreDatabase(backup, live, new Date('2026-11-30T10:00:00Z'));
    expect(keptAs).toBe(`${live}.before-restore-2026-11-30T100000Z`);
    const sids = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('select sid from sessions').pluck().all();
      } finally {
        db.close();
      }
    };
    expect(sids(live)).toEqual(['from-backup']);
    expect(sids(keptAs!)).toEqual(['live']);
  });
});

describe('the CLI', () => {
  const run = promisify(execFile);
  const cli = (args: string[], env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('prints the version, backs up to a file and restores it', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const env = { DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40) };
    const live = openDatabase(join(dir, 'app.sqlite'));
    live.$client.prepare("insert into sessions (sid, data, expires_at) values ('before', '{}', '2100-01-01')").run();
    const [version, backup] = await Promise.all([cli(['version'], env), cli(['backup', join(dir, 'copy.sqlite')], env)]);
    expect(version).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n` });
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${join(dir, 'copy.sqlite')}`);
    live.$client.prepare("insert into sessions (sid, data, expires_at) values ('after', '{}', '2100-01-01')").run();
    live.$client.close();
    const restore = await cli(['restore', join(dir, 'copy.sqlite')], env);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/kept as .*app\.sqlite\.before-restore-/);
    const db = new Database(join(dir, 'app.sqlite'), { readonly: true });
    expect(db.prepare('select sid from sessions').pluck().all()).toEqual(['before']);
    db.close();
  });
});
