// Lists that grow with the portfolio are paged, so a region's size does not make a page of megabytes.
import { describe, it, expect } from 'vitest';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { makePartner, makePartnership } from '../log/fixtures.js';

describe('the reviews page at a region size', () => {
  it('shows the overdue reviews 50 at a time, the most overdue first, with the total in the heading', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const partner = makePartner(t.db, { name: 'Kópavogur' });
    t.db.transaction(() => {
      for (let i = 0; i < 120; i++)
        makePartnership(t.db, partner.id, { title: `Overdue ${String(i).padStart(3, '0')}`, activeSinceOn: `20${10 + (i % 10)}-01-01` });
    });
    const client = await signedIn(t, 'viewer');
    const first = await client.get('/reviews');
    expect(first.statusCode).toBe(200);
    const overdue = (html: string) => html.slice(html.indexOf('id="overdue-h"'), html.indexOf('id="upcoming-h"'));
    const rows = (html: string) => [...overdue(html).matchAll(/>(Overdue \d{3})</g)].map((m) => m[1]);
    expect(overdue(first.body)).toContain('(120)');
    expect(rows(first.body)).toHaveLength(50);
    // Active since 2010 ... 2019 (by i % 10): the first page holds the longest overdue, 2010 to 2015.
    expect(rows(first.body).every((r) => Number(r!.slice(-3)) % 10 <= 5)).toBe(true);
    expect(overdue(first.body)).toContain('href="/reviews?overdue=2"');
    const third = await client.get('/reviews?overdue=3');
    expect(rows(third.body)).toHaveLength(20);
    const all = new Set([...rows(first.body), ...rows((await client.get('/reviews?overdue=2')).body), ...rows(third.body)]);
    expect(all.size).toBe(120);
  });
});
