// The demo has multi-partner EU projects: run through the regional EU office with two twin cities,
// with project details, reporting dates and one project whose funding does not cover its costs.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { generateDemo } from '../../src/demo/index.js';
import { ledgerTotalsOf, otherPartnersOf, projectDetailsOf, reportingDatesOf } from '../../src/projects/queries.js';
import { loadPartnership } from '../../src/partnerships/queries.js';
import { projectFundingGap } from '../../src/setup/policies.js';

describe('demo EU projects', () => {
  it('runs EU projects through the regional EU office with twin cities as partners, one of them underfunded', () => {
    const db = openDatabase(':memory:');
    generateDemo(db, { framework: 'odense', size: 'small', seed: 1, now: new Date('2026-11-24T10:00:00Z') });
    const ids = (db.$client.prepare('select partnership_id as id from project_details order by 1').all() as { id: number }[]).map(
      (r) => r.id,
    );
    expect(ids).toHaveLength(3);
    const gaps = [];
    for (const id of ids) {
      const p = loadPartnership(db, id)!;
      expect(p.partnerKind).toBe('regional_office');
      const others = otherPartnersOf(db, id);
      expect(others.filter((o) => o.kind === 'twin_city')).toHaveLength(2);
      expect(projectDetailsOf(db, id)?.programme).toBeTruthy();
      gaps.push(projectFundingGap(p, ledgerTotalsOf(db, [id]).get(id) ?? { costTotal: 0, fundingTotal: 0 }));
    }
    expect(gaps.filter((g) => g !== null)).toHaveLength(1);
    expect(ids.some((id) => reportingDatesOf(db, id).some((d) => d.doneOn === null && d.dueOn > '2026-11-24'))).toBe(true);
    db.$client.close();
  });
});
