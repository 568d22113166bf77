// Start-up on a bad database or a bad environment: one clear line per cause and a non-zero exit,
// never a stack trace; and an installation whose database went missing is never offered setup.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
  closeSync,
  existsSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDatabaseFile, openDatabase, sealCleanClose, StartupError } from '../../src/db/client.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'partnerships-start-'));

/** A real database with some rows, closed (checkpointed into the main file). */
function realDatabase(dir: string): string {
  const file = join(dir, 'app.sqlite');
  const db = openDatabase(file);
  const insert = db.$client.prepare("insert into sessions (sid, data, expires_at) values (?, ?, '2100-01-01')");
  db.$client.transaction(() => {
    for (let i = 0; i < 400; i++) insert.run(`sid-${i}`, 'x'.repeat(500));
  })();
  db.$client.close();
  return file;
}

function problems(file: string, dir: string): string[] {
  try {
    checkDatabaseFile(file, dir);
    return [];
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    return err.problems;
  }
}

describe('the database check before serving', () => {
  it('lets a fresh data folder start (setup follows)', () => {
    const dir = tempDir();
    expect(problems(join(dir, 'app.sqlite'), dir)).toEqual([]);
  });

  it('refuses a missing database when the folder holds a session secret', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'session-secret'), 'x'.repeat(64));
    const [line, ...rest] = problems(join(dir, 'app.sqlite'), dir);
    expect(rest).toEqual([]);
    expect(line).toMatch(/app\.sqlite is missing, but .*session-secret shows an installation existed here/);
    expect(line).toContain('restore');
  });

  it('refuses an empty (0-byte) database when the folder holds backups', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'backups'));
    writeFileSync(join(dir, 'backups', 'app-2026-11-29.sqlite'), 'x');
    writeFileSync(join(dir, 'app.sqlite'), '');
    expect(problems(join(dir, 'app.sqlite'), dir)).toEqual([
      expect.stringMatching(/is empty \(0 bytes\), but .*backups\/ shows an installation/),
    ]);
  });

  it('names a file that is not SQLite', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.sqlite'), 'this is a spreadsheet, not a database'.repeat(10));
    expect(problems(join(dir, 'app.sqlite'), dir)).toEqual([expect.stringMatching(/is not an SQLite database \(wrong header\)/)]);
  });

  it('names a truncated file', () => {
    const dir = tempDir();
    const file = realDatabase(dir);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(problems(file, dir)).toEqual([expect.stringMatching(/is truncated \(\d+ bytes, its header says \d+\)/)]);
  });

  it('names a corrupt file', () => {
    const dir = tempDir();
    const file = realDatabase(dir);
    const pageSize = readFileSync(file).readUInt16BE(16);
    const fd = openSync(file, 'r+');
    // Scribble over the pages after the schema: the size still matches, the b-trees do not.
    for (let page = 2; page * pageSize < statSync(file).size; page += 3)
      writeSync(fd, Buffer.alloc(200, 0xab), 0, 200, page * pageSize + 8);
    closeSync(fd);
    expect(problems(file, dir)).toEqual([expect.stringMatching(/is corrupt \(quick_check: .+\)|cannot be opened: .*malformed/)]);
  });

  it('skips the page-by-page check once after a clean stop, and never for a file changed since', () => {
    const dir = tempDir();
    const file = realDatabase(dir);
    sealCleanClose(file);
    expect(checkDatabaseFile(file, dir)).toBe('closed cleanly');
    // The seal vouches for one start only.
    expect(existsSync(`${file}.closed-cleanly`)).toBe(false);
    expect(checkDatabaseFile(file, dir)).toBe('checked');

    // Scribbled over after the clean stop (same size, newer time): checked, and refused.
    sealCleanClose(file);
    const pageSize = readFileSync(file).readUInt16BE(16);
    const fd = openSync(file, 'r+');
    for (let page = 2; page * pageSize < statSync(file).size; page += 3)
      writeSync(fd, Buffer.alloc(200, 0xab), 0, 200, page * pageSize + 8);
    closeSync(fd);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(problems(file, dir)).toEqual([expect.stringMatching(/is corrupt \(quick_check: .+\)|cannot be opened: .*malformed/)]);
  });

  it('checks after a crash: a server that did not stop cleanly leaves no seal, and an open database has a -wal file', () => {
    const dir = tempDir();
    const file = realDatabase(dir);
    const open = openDatabase(file);
    open.$client.prepare("insert into sessions (sid, data, expires_at) values ('x', 'y', '2100-01-01')").run();
    // The process would die here; the seal is not written while a -wal file shows the database in use.
    sealCleanClose(file);
    expect(existsSync(`${file}.closed-cleanly`)).toBe(false);
    open.$client.close();
    expect(checkDatabaseFile(file, dir)).toBe('checked');
  });
});

describe('the configuration', () => {
  it('lists everything wrong in one message', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        REMINDER_CRON: 'every day',
        BASE_URL: 'ftp://x.example',
        SMTP_USER: 'me',
        LOG_LEVEL: 'loud',
        SESSION_SECRET: 'short',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message.split('\n')[0]).toBe('Invalid configuration (7 problems):');
    for (const name of ['PORT', 'REMINDER_CRON', 'BASE_URL', 'SMTP_USER', 'SMTP_HOST', 'LOG_LEVEL', 'SESSION_SECRET'])
      expect(message).toContain(`${name}`);
  });
});

/** A temp folder the ordinary user may write to (tsx caches there), whatever the machine's /tmp allows. */
let childTmp: string | null = null;
function tmpForChild(): string {
  if (!childTmp) {
    childTmp = mkdtempSync(join(tmpdir(), 'startup-child-'));
    chmodSync(childTmp, 0o1777);
  }
  return childTmp;
}

/** Run the real server entry; as root, as an ordinary user, so file permissions count. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', HOME: tmpForChild(), TMPDIR: tmpForChild(), PORT: '0', HOST: '127.0.0.1', ...env },
      ...asUser,
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    // A server that did start is a failure of the test; stop it rather than wait.
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('the server process', () => {
  // Two node starts with TypeScript compiled on the fly: seconds on a quiet machine, much more on a busy one.
  it(
    'exits 1 with one line per cause and no stack trace, for a bad environment and for a read-only database',
    { timeout: 120_000 },
    async () => {
      const readOnly = tempDir();
      realDatabase(readOnly);
      writeFileSync(join(readOnly, 'session-secret'), 'x'.repeat(64));
      chmodSync(join(readOnly, 'app.sqlite'), 0o444);
      chmodSync(readOnly, 0o555);
      chmodSync(join(readOnly, '..'), 0o755);
      const [badEnv, ro] = await Promise.all([
        runServer({ DATA_DIR: tempDir(), PORT: 'eighty', REMINDER_CRON: 'nonsense' }),
        runServer({ DATA_DIR: readOnly }),
      ]);
      expect(badEnv.code).toBe(1);
      expect(badEnv.stderr).toMatch(/^Invalid configuration \(2 problems\):\n {2}- PORT: .*\n {2}- REMINDER_CRON: .*\n$/);
      expect(ro.code).toBe(1);
      expect(ro.stderr).toMatch(/^Cannot start: .*app\.sqlite is read-only for this process/m);
      for (const out of [badEnv.stderr, ro.stderr]) expect(out).not.toMatch(/\n\s+at /);
    },
  );
});

describe('migrations', () => {
  /** A migrations folder in drizzle-kit's layout, one SQL file per entry. */
  function migrationsFolder(migrations: string[][]): string {
    const dir = tempDir();
    mkdirSync(join(dir, 'meta'));
    const entries = migrations.map((statements, idx) => {
      const tag = `000${idx}_step`;
      writeFileSync(join(dir, `${tag}.sql`), statements.join('\n--> statement-breakpoint\n'));
      return { idx, version: '6', when: 1_700_000_000_000 + idx * 1000, tag, breakpoints: true };
    });
    writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries }));
    return dir;
  }
  const first = ['CREATE TABLE a (id integer primary key, name text)', "INSERT INTO a (name) VALUES ('kept')"];
  const failing = [
    'CREATE TABLE b (id integer primary key)',
    'INSERT INTO b VALUES (1)',
    "UPDATE a SET name = 'changed'",
    'INSERT INTO no_such_table VALUES (1)',
  ];
  const tables = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return {
        tables: db.prepare("select name from sqlite_master where type = 'table' and name in ('a', 'b') order by name").pluck().all(),
        applied: db.prepare('select count(*) from __drizzle_migrations').pluck().get(),
        names: db.prepare('select name from a').pluck().all(),
      };
    } finally {
      db.close();
    }
  };

  it('leave the database as it was when one fails halfway', () => {
    const dir = tempDir();
    const file = join(dir, 'app.sqlite');
    openDatabase(file, { migrationsFolder: migrationsFolder([first]) }).$client.close();
    expect(() => openDatabase(file, { migrationsFolder: migrationsFolder([first, failing]) })).toThrow(/no_such_table/);
    expect(tables(file)).toEqual({ tables: ['a'], applied: 1, names: ['kept'] });
  });

  it("rebuild a table the way drizzle-kit does without cascading deletes into its children's rows", () => {
    const dir = tempDir();
    const file = join(dir, 'app.sqlite');
    const tables = [
      'CREATE TABLE p (id integer primary key, name text)',
      'CREATE TABLE c (id integer primary key, p_id integer NOT NULL REFERENCES p(id) ON DELETE CASCADE)',
      "INSERT INTO p VALUES (1, 'Kópavogur')",
      'INSERT INTO c VALUES (1, 1)',
    ];
    openDatabase(file, { migrationsFolder: migrationsFolder([tables]) }).$client.close();
    const rebuild = [
      'PRAGMA foreign_keys=OFF',
      'CREATE TABLE __new_p (id integer primary key, name text, extra text)',
      'INSERT INTO __new_p (id, name) SELECT id, name FROM p',
      'DROP TABLE p',
      'ALTER TABLE __new_p RENAME TO p',
      'PRAGMA foreign_keys=ON',
    ];
    const db = openDatabase(file, { migrationsFolder: migrationsFolder([tables, rebuild]) });
    expect(db.$client.prepare('SELECT count(*) FROM c').pluck().get()).toBe(1);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();
  });

  it('are followed by a foreign key check, which refuses a migration that leaves a row pointing nowhere', () => {
    const dir = tempDir();
    const file = join(dir, 'app.sqlite');
    const parent = ['CREATE TABLE p (id integer primary key)', 'CREATE TABLE c (id integer primary key, p_id integer REFERENCES p(id))'];
    openDatabase(file, { migrationsFolder: migrationsFolder([parent]) }).$client.close();
    // Migrations run with foreign keys off (a table rebuild needs it), so this one is not stopped by SQLite itself.
    const orphan = ['INSERT INTO c (id, p_id) VALUES (1, 42)'];
    expect(() => openDatabase(file, { migrationsFolder: migrationsFolder([parent, orphan]) })).toThrow(
      /1 broken foreign keys after migration/,
    );
  });
});
