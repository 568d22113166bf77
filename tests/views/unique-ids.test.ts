// Pages that hold several forms (a delegation's programme, participants, costs, gifts and documents; a
// partnership's documents) give every field its own id, so each label names its own field.
import { describe, expect, it } from 'vitest';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { generateDemo } from '../../src/demo/index.js';

describe('ids on pages with several forms', () => {
  it('are unique on a delegation, a partnership, a partner and a review page', async () => {
    const t = await buildTestApp({ setup: false });
    generateDemo(t.db, { framework: 'odense', size: 'small', seed: 1, now: t.clock.now() });
    const admin = await signedIn(t, 'admin');
    const one = (sql: string) => (t.db.$client.prepare(sql).get() as { id: number }).id;
    const pages = [
      `/delegations/${one('select id from delegations order by id limit 1')}`,
      `/partnerships/${one('select id from partnerships order by id limit 1')}`,
      `/partners/${one('select id from partners order by id limit 1')}`,
      `/reviews/${one("select id from reviews where state = 'draft' order by id limit 1")}`,
    ];
    for (const path of pages) {
      const res = await admin.get(path);
      expect(res.statusCode, path).toBe(200);
      const ids = [...res.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect({ path, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({ path, duplicates: [] });
    }
  });
});
