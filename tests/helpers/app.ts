// Test fixtures: a fresh migrated in-memory database and the real app per test, a fixed clock,
// factories with sensible defaults, and a browser-like client that keeps cookies and CSRF tokens.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openCopy, openDatabase, type Db } from '../../src/db/client.js';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { applySetup } from '../../src/setup/queries.js';
import type { SetupInput } from '../../src/setup/form.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { users } from '../../src/db/schema.js';
import type { Role } from '../../src/plugins/access.js';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
/** One argon2 hash of PASSWORD for every test user: hashing is deliberately slow. */
export const testPasswordHash = () => (passwordHash ??= hashPassword(PASSWORD));

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseFile: ':memory:',
    baseUrl: 'http://localhost:3000',
    sessionSecret: 'test-secret-test-secret-test-secret-0123456789',
    trustProxy: false,
    smtp: null,
    reminderCron: '*/5 * * * *',
    logLevel: 'silent',
    ...overrides,
  };
}

/** A clock the test can move: clock.now() is what the app sees. */
export class Clock {
  constructor(public current: Date = new Date('2026-11-24T10:00:00Z')) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  clock: Clock;
  adminId: number;
}

export const defaultSetup: SetupInput = {
  name: 'Odense Kommune',
  homeCity: 'Odense',
  country: 'DK',
  timeZone: 'Europe/Copenhagen',
  currency: 'DKK',
  locale: 'en',
  framework: 'odense',
  demo: false,
  adminName: 'Ada Admin',
  adminEmail: 'admin@example.org',
  adminPassword: PASSWORD,
};

let migratedImage: Buffer | undefined;
/** A fresh database for one test: migrated once per test worker, then copied (milliseconds, not a migration run). */
export function freshDatabase(): Db {
  if (!migratedImage) {
    const template = openDatabase(':memory:');
    migratedImage = template.$client.serialize();
    template.$client.close();
  }
  return openCopy(migratedImage);
}

/** The app on a fresh database. With `setup` (the default) the organisation and its admin exist. */
export async function buildTestApp(
  options: { setup?: Partial<SetupInput> | false; clock?: Clock; config?: Partial<Config> } = {},
): Promise<TestApp> {
  const db = freshDatabase();
  const clock = options.clock ?? new Clock();
  const app = await buildApp({ db, config: testConfig(options.config), now: clock.now, logger: false });
  let adminId = 0;
  if (options.setup !== false) {
    adminId = applySetup(db, { ...defaultSetup, ...options.setup }, await testPasswordHash(), clock.now())!;
  }
  await app.ready();
  return { app, db, clock, adminId };
}

let userCount = 0;
/** A user of the given role who can sign in with PASSWORD. */
export async function createUser(db: Db, role: Role, overrides: Partial<typeof users.$inferInsert> = {}) {
  userCount += 1;
  return db
    .insert(users)
    .values({
      email: `${role}${userCount}@example.org`,
      name: `${role[0]!.toUpperCase()}${role.slice(1)} ${userCount}`,
      role,
      passwordHash: await testPasswordHash(),
      ...overrides,
    })
    .returning()
    .get();
}

type Form = Record<string, string | number | boolean | string[] | undefined>;

/** Talks to the app like a browser: keeps the session cookie and sends the CSRF token. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string }[]) this.cookies.set(c.name, c.value);
    const m = /x-csrf-token&quot;:&quot;([^&]+)&quot;|"x-csrf-token":"([^"]+)"|name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = (m[1] ?? m[2] ?? m[3])!;
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.remember(res);
    return res;
  }

  /** A form post as a browser sends it, with the CSRF token unless `csrf: false`. */
  async post(
    url: string,
    form: Form = {},
    options: { csrf?: string | false; headers?: Record<string, string>; method?: 'POST' | 'DELETE' | 'PUT' | 'PATCH' } = {},
  ) {
    if (!this.csrf && options.csrf === undefined) await this.get('/login');
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) v.forEach((x) => body.append(k, x));
      else body.append(k, String(v));
    }
    if (options.csrf !== false) body.append('_csrf', options.csrf ?? this.csrf);
    const res = await this.app.inject({
      method: options.method ?? 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...options.headers },
    });
    this.remember(res);
    return res;
  }

  /** The same post as htmx makes it. */
  htmx(url: string, form: Form = {}) {
    return this.post(url, form, { headers: { 'hx-request': 'true' } });
  }

  async login(email: string, password = PASSWORD) {
    await this.get('/login');
    const res = await this.post('/login', { email, password });
    if (res.statusCode !== 303) throw new Error(`login as ${email} failed: ${res.statusCode}`);
    // Sign-in rotates the session and with it the CSRF secret: pick up the new token.
    await this.get(String(res.headers.location ?? '/'));
    return res;
  }
}

/** A signed-in client for a new user of the role (or the setup admin with role 'admin' and no new user). */
export async function signedIn(t: TestApp, role: Role | 'setup-admin' = 'setup-admin') {
  const client = new Client(t.app);
  if (role === 'setup-admin') await client.login(defaultSetup.adminEmail);
  else await client.login((await createUser(t.db, role)).email);
  return client;
}
