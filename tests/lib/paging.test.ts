// The pager's view model: a page past the end (an old bookmark, a hand-edited address) says so and
// links to the last page, instead of "Showing 49,901–85 of 85".
import { describe, expect, it } from 'vitest';
import { pager, parsePaging } from '../../src/lib/paging.js';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { makePartner } from '../log/fixtures.js';

describe('pager', () => {
  it('shows the rows of a page, and past the end links to the last page', () => {
    const paging = (page: number) => parsePaging({ page: String(page) }, ['name'] as const, 'name');
    expect(pager('/partners', { kind: 'network' }, paging(2), 85)).toMatchObject({
      from: 51,
      to: 85,
      pages: 2,
      beyond: false,
      nextHref: null,
    });
    const beyond = pager('/partners', { kind: 'network' }, paging(999), 85);
    expect(beyond).toMatchObject({ pages: 2, beyond: true, nextHref: null });
    expect(beyond.prevHref).toBe('/partners?kind=network&page=2');
  });

  it('says so on the page, in the user language', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank', locale: 'da' } });
    for (let i = 0; i < 60; i++) makePartner(t.db, { name: `Partner ${i}` });
    const admin = await signedIn(t);
    const body = (await admin.get('/partners?page=999')).body;
    expect(body).toContain('Intet her: listen har 60 rækker på 2 sider.');
    expect(body).toContain('href="/partners?page=2"');
    expect(body).not.toContain('49.901');
    // Not "no partners match these filters": there is no filter, only no page 999.
    expect(body).not.toContain('Ingen partnere passer');
  });
});
