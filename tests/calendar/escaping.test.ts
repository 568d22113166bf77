// The ICS feed read as raw text: every TEXT value, the calendar's own name included, escapes
// backslash, semicolon, comma and newlines (RFC 5545 3.3.11), so a name like
// "Odense Kommune; Internationalt kontor, Team\nNord" neither corrupts the feed nor adds lines to it.
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { buildTestApp, Client, createUser } from '../helpers/app.js';
import { organisation } from '../../src/db/schema.js';
import { followUp, partnershipDue } from '../reminders/factories.js';

const TEXT_PROPERTIES = new Set(['NAME', 'X-WR-CALNAME', 'X-WR-CALDESC', 'SUMMARY', 'DESCRIPTION', 'LOCATION', 'COMMENT']);

/** Content lines of a feed: CRLF only, folded lines joined (RFC 5545 3.1). */
function contentLines(feed: string): string[] {
  expect(feed.endsWith('\r\n'), 'the last line ends with CRLF').toBe(true);
  expect(feed.replace(/\r\n/g, ''), 'no CR or LF outside CRLF').not.toMatch(/[\r\n]/);
  return feed
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
}

/**
 * The value of a TEXT property, unescaped; fails on a ';' or ',' that is not escaped, and on a
 * backslash that escapes anything but \ ; , n N.
 */
function unescapeText(value: string, line: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      const next = value[++i];
      if (next === 'n' || next === 'N') out += '\n';
      else if (next === '\\' || next === ';' || next === ',') out += next;
      else throw new Error(`bad escape \\${next} in ${line}`);
    } else if (c === ';' || c === ',') throw new Error(`unescaped ${c} in ${line}`);
    else out += c;
  }
  return out;
}

function textValues(feed: string): { name: string; value: string }[] {
  return contentLines(feed).flatMap((line) => {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0]!;
    return TEXT_PROPERTIES.has(name) ? [{ name, value: unescapeText(line.slice(colon + 1), line) }] : [];
  });
}

const ORG = 'Odense Kommune; Internationalt kontor, Team C:\\Nord\nBEGIN:VEVENT';

describe('the calendar feed as raw text', () => {
  it('escapes , ; \\ and newlines in every TEXT value, the calendar name included', async () => {
    const t = await buildTestApp({ setup: { framework: 'blank', locale: 'da' } });
    t.db.update(organisation).set({ name: ORG }).where(eq(organisation.id, 1)).run();
    const user = await createUser(t.db, 'coordinator', { locale: 'da' });
    const client = new Client(t.app);
    await client.login(user.email);
    await client.get('/profile/calendar');
    await client.post('/profile/calendar');
    const page = await client.get('/profile/calendar');
    const path = new URL(/id="feed-url" type="url" readonly value="([^"]+)"/.exec(page.body)![1]!).pathname;

    const title = 'Kópavogur, İzmir; Ærø \\ venskabsbyer';
    const p = partnershipDue(t.db, user.id, '2026-12-10', { title, renewalOn: '2027-03-31' });
    followUp(t.db, user.id, '2026-12-03', { task: 'Send program;\nring til İzmir, derefter Kópavogur', partnershipId: p.id });

    const res = await new Client(t.app).get(path);
    expect(res.statusCode).toBe(200);
    const values = textValues(res.body);
    const calendarName = `${ORG}: mine påmindelser`;
    expect(values.filter((v) => v.name === 'NAME' || v.name === 'X-WR-CALNAME').map((v) => v.value)).toEqual([calendarName, calendarName]);
    const summaries = values
      .filter((v) => v.name === 'SUMMARY')
      .map((v) => v.value)
      .sort();
    expect(summaries).toEqual([
      `Evaluering forfalder: ${title}`,
      `Fornyelse eller udløb: ${title}`,
      'Opfølgning: Send program;\nring til İzmir, derefter Kópavogur',
    ]);
    const descriptions = values.filter((v) => v.name === 'DESCRIPTION').map((v) => v.value);
    expect(descriptions).toContain(`${title}\nhttp://localhost:3000/follow-ups`);
    // The newline in the name did not start an event of its own.
    expect(contentLines(res.body).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(3);
  });
});
