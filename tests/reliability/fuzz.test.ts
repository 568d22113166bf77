// Fuzzing every form route from the route table: generated input (unicode, huge strings, control
// characters, arrays where one value is expected, missing fields, numbers in every locale's style)
// is posted as a signed-in administrator would post it. No answer may be a 500, and a refused post
// (4xx) may not leave a record half-written: every table but the session bookkeeping is unchanged.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { makePartnership, addCost } from '../reviews/factories.js';
import type { Db } from '../../src/db/client.js';

// Written on every request whatever it does: sessions, sign-in throttling and the audit of refusals.
const BOOKKEEPING = new Set(['sessions', 'login_throttle', 'audit_log', '__drizzle_migrations']);

function tableCounts(db: Db): Map<string, number> {
  const tables = db.$client
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE 'search_%'",
    )
    .all() as { name: string }[];
  return new Map(
    tables
      .filter((t) => !BOOKKEEPING.has(t.name))
      .map((t) => [t.name, (db.$client.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n]),
  );
}

// Field names the app's forms use, so that generated values reach real validation.
const FIELDS = [
  'name',
  'title',
  'kind',
  'status',
  'country',
  'cityRegion',
  'website',
  'description',
  'tags',
  'annualFee',
  'email',
  'phone',
  'partnerId',
  'partnerIds',
  'partnershipIds',
  'contactIds',
  'staffIds',
  'goalIds',
  'ownerId',
  'agreementType',
  'startOn',
  'endOn',
  'occurredOn',
  'occurredTime',
  'type',
  'summary',
  'outcome',
  'amount',
  'hours',
  'note',
  'changedOn',
  'reason',
  'reference',
  'decision',
  'comment',
  'revisionNote',
  'returnComment',
  'councilReference',
  'hourlyRate',
  'year',
  'level1',
  'followUpTask',
  'followUpDue',
  'task',
  'dueOn',
  'role',
  'locale',
  'timeZone',
  'password',
  'newPassword',
  'returnTo',
  'confirmed',
  'direction',
  'purpose',
  'theme',
  'organisation',
  'groupSize',
  'replyText',
  'quick',
  '_refresh',
];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '2.800',
    '1,500',
    '1 500,50',
    '-1',
    '0',
    '1e309',
    'NaN',
    '2026-02-30',
    '2026-11-24',
    '<script>alert(1)</script>',
    '"; DROP TABLE partners; --',
    'İzmir',
    'Kópavogur',
    '\u0000\u0007\u001b',
    'a\r\nb\nc',
    '__proto__',
    'constructor',
    '99999999999999999999',
  ),
  fc.integer({ min: 1, max: 5_000 }).map((n) => 'x'.repeat(n * 20)),
);
const value = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) });
const form = fc.dictionary(
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }),
  value,
  { maxKeys: 8 },
);

describe('fuzzing the form routes', () => {
  it('never answers 500 and never half-writes a record', async () => {
    const t = await buildTestApp();
    const p = makePartnership(t.db);
    addCost(t.db, p.id, 100_000, '2026-01-01');
    const client = await signedIn(t);
    const routes = t.app.routeTable
      .filter((r) => r.method === 'POST' && r.csrf)
      // Leaving or resetting the session would stop the run, and uploads are multipart (fuzzed by the import tests).
      .filter((r) => !/^\/(logout|imports$|setup)/.test(r.url))
      .map((r) => r.url.replace(/:(\w+)(\([^)]*\))?/g, '1'));
    expect(routes.length).toBeGreaterThan(40);

    let cases = 0;
    const failures: string[] = [];
    for (const path of routes) {
      await fc.assert(
        fc.asyncProperty(form, async (body) => {
          cases += 1;
          const before = tableCounts(t.db);
          const res = await client.post(path, body as Record<string, string | string[]>);
          if (res.statusCode >= 500) failures.push(`${path} ${res.statusCode} ${JSON.stringify(body).slice(0, 200)}`);
          if (res.statusCode >= 400) {
            const after = tableCounts(t.db);
            for (const [table, n] of before)
              if (after.get(table) !== n) failures.push(`${path} ${res.statusCode} changed ${table}: ${n} -> ${after.get(table)}`);
          }
          return true;
        }),
        { numRuns: 6, seed: 20261130 },
      );
      // A route that signs the client out (password change, own role) would hide the rest: sign in again.
      if ((await client.get('/')).statusCode !== 200) await client.login('admin@example.org');
    }
    console.log(`fuzz: ${cases} generated posts to ${routes.length} form routes`);
    expect(failures).toEqual([]);
    expect(t.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(t.db.$client.pragma('foreign_key_check')).toEqual([]);
  });
});
