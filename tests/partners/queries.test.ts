import { describe, it, expect } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { partnerFilters, partnersQuery, countPartners } from '../../src/partners/queries.js';
import { partnershipFilters, partnershipsQuery, countPartnerships } from '../../src/partnerships/queries.js';
import { iterateSelect } from '../../src/exports/iterate.js';

describe('list queries shared by the pages and the exports', () => {
  const db = openDatabase(':memory:');
  generateDemo(db, { framework: 'odense', size: 'small', seed: 3, now: new Date('2026-11-24T10:00:00Z') });

  it('iterates every partner row, in the same order and shape as the page query', () => {
    const filters = partnerFilters({ q: 'a' });
    const all = partnersQuery(db, filters, { sort: 'partnerships', dir: 'desc' }).all();
    const iterated = [...iterateSelect(db, partnersQuery(db, filters, { sort: 'partnerships', dir: 'desc' }))];
    expect(iterated).toEqual(all);
    expect(all.length).toBe(countPartners(db, filters));
    expect(all.length).toBeGreaterThan(10);
  });

  it('iterates every partnership row with partner, owner and goal names', () => {
    const filters = partnershipFilters({});
    const all = partnershipsQuery(db, filters, { sort: 'partner', dir: 'asc' }).all();
    const iterated = [...iterateSelect(db, partnershipsQuery(db, filters, { sort: 'partner', dir: 'asc' }))];
    expect(iterated).toEqual(all);
    expect(all.length).toBe(countPartnerships(db, filters));
    expect(all.some((r) => r.goalNames.length > 0 && r.ownerName.length > 0 && r.partnerName.length > 0)).toBe(true);
  });

  it('pages with limit and offset on the same query', () => {
    const filters = partnershipFilters({ status: 'active' });
    const all = partnershipsQuery(db, filters, { sort: 'title', dir: 'asc' }).all();
    const page2 = partnershipsQuery(db, filters, { sort: 'title', dir: 'asc' }).limit(5).offset(5).all();
    expect(page2).toEqual(all.slice(5, 10));
  });
});

describe('the partner list’s text filter', () => {
  it('finds names without their accents or the Turkish dotted İ, as search does, and still finds part of a word', () => {
    const db = openDatabase(':memory:');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 3, now: new Date('2026-11-24T10:00:00Z') });
    const names = (q: string) =>
      partnersQuery(db, partnerFilters({ q }), { sort: 'name', dir: 'asc' })
        .all()
        .map((r) => r.name);
    for (const [typed, partner] of [
      ['kopavogur', 'Kópavogur'],
      ['izmir', 'İzmir'],
      ['IZMIR', 'İzmir'],
      ['avogur', 'Kópavogur'],
      ['Kópavogur'.normalize('NFD'), 'Kópavogur'],
    ]) {
      expect(names(typed!), typed).toContain(partner);
    }
    expect(countPartners(db, partnerFilters({ q: 'kopavogur' }))).toBe(names('kopavogur').length);
  });
});
