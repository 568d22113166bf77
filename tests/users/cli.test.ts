import { describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, PASSWORD } from '../helpers/app.js';
import { createAdmin, commands } from '../../src/users/cli.js';
import { auditLog, users } from '../../src/db/schema.js';

describe('create-admin command', () => {
  it('creates an administrator who can sign in, and records it', async () => {
    const t = await buildTestApp();
    const id = await createAdmin(t.db, { email: ' Ops@Example.org ', name: 'Ops Person', password: PASSWORD }, t.clock.now());
    expect(t.db.select().from(users).where(eq(users.id, id)).get()).toMatchObject({
      email: 'ops@example.org',
      role: 'admin',
      active: true,
    });
    expect(t.db.select().from(auditLog).where(eq(auditLog.entityId, id)).get()).toMatchObject({ action: 'create', ip: 'cli' });
    await new Client(t.app).login('ops@example.org');
  });

  it.each([
    [{ email: 'admin@example.org', name: 'Twin', password: PASSWORD }, /already exists/],
    [{ email: 'not-an-email', name: 'X', password: PASSWORD }, /not a valid email/],
    [{ email: 'x@example.org', name: 'X', password: 'short' }, /at least 12 characters/],
    [{ email: 'x@example.org', name: 'X', password: 'password1234' }, /too common/],
    [{ email: 'x@example.org', name: '  ', password: PASSWORD }, /name is required/],
  ])('refuses %o with a clear message', async (input, message) => {
    const t = await buildTestApp();
    await expect(createAdmin(t.db, input, t.clock.now())).rejects.toThrow(message);
  });

  it('asks for setup first on a fresh database', async () => {
    const t = await buildTestApp({ setup: false });
    await expect(createAdmin(t.db, { email: 'x@example.org', name: 'X', password: PASSWORD }, t.clock.now())).rejects.toThrow(
      /not set up yet/,
    );
  });

  it('needs every flag when not on a terminal', async () => {
    const t = await buildTestApp();
    const stdin = process.stdin.isTTY;
    process.stdin.isTTY = false as never;
    try {
      await expect(
        Promise.resolve(
          commands['create-admin']!.run({
            db: t.db,
            config: {} as never,
            flags: { email: 'x@example.org' },
            positionals: [],
            now: t.clock.now(),
          }),
        ),
      ).rejects.toThrow('--name is required');
    } finally {
      process.stdin.isTTY = stdin;
    }
  });
});
