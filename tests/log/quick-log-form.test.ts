// The quick log as a coordinator meets it: people follow the chosen partner, follow-ups in view.
import { describe, it, expect } from 'vitest';
import { buildTestApp, signedIn } from '../helpers/app.js';
import { makeContact, makePartner } from './fixtures.js';

describe('the quick log form', () => {
  it('refreshes the people when a partner is chosen, and shows the follow-up without opening more details', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank' } });
    const kopavogur = makePartner(t.db, { name: 'Kópavogur' });
    makeContact(t.db, kopavogur.id, { name: 'Guðrún Jónsdóttir' });
    const client = await signedIn(t, 'contributor');
    const form = (await client.get('/log/new', { 'hx-request': 'true' })).body;
    // Changing the partner select posts the form for a refresh (htmx), which swaps the form in place.
    expect(form).toMatch(
      /<select id="f-partnerIds"[^>]*hx-post="\/log"[^>]*hx-trigger="change"[^>]*hx-target="#log-form"[^>]*hx-vals='\{"_refresh":"1"\}'/,
    );
    expect(form).not.toContain('Guðrún Jónsdóttir');
    const refreshed = await client.htmx('/log', { _refresh: '1', quick: '1', partnerIds: String(kopavogur.id), summary: 'Half typed' });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.body).toContain('Guðrún Jónsdóttir');
    expect(refreshed.body).toContain('Half typed'); // what was typed survives the refresh
    // The follow-up fields stand outside the collapsed "more details".
    const details = form.slice(form.indexOf('<details'), form.indexOf('</details>'));
    expect(details).not.toContain('name="followUpTask"');
    expect(form).toContain('name="followUpTask"');
  });
});
