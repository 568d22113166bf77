// CSV quoting read the strict way Excel does: a record ends at CRLF outside quotes, and a bare
// LF outside quotes (a description typed with Alt+Enter, written unquoted) splits the row.
// csv-parse with auto-detected CRLF accepts that silently, so these tests read the bytes
// themselves, and with csv-parse told that LF ends a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { createI18n } from '../../src/i18n/index.js';
import type { ExportList, ExportRow } from '../../src/exports/types.js';
import { csvStream } from '../../src/exports/csv.js';
import { buildTestApp, signedIn, type Client, type TestApp } from '../helpers/app.js';
import { contacts, logEntries, logEntryPartners, partners } from '../../src/db/schema.js';
import { readLikeExcel } from '../helpers/csv.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** Every LF outside quotes has its CR, and every CR its LF. */
function bareLineBreaksOutsideQuotes(text: string): number {
  let quoted = false;
  let bare = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n' && text[i - 1] !== '\r') bare++;
    else if (!quoted && c === '\r' && text[i + 1] !== '\n') bare++;
  }
  return bare;
}

const nasty: ExportRow[] = [
  { name: 'İzmir Büyükşehir Belediyesi', note: 'Kültür haftası\nIzmir ile ortak program' }, // Alt+Enter: a bare LF
  { name: 'Kópavogur', note: 'old Mac line\rbreak' },
  { name: 'Ærø; Marstal', note: 'Windows line\r\nbreak, with "quotes"' },
  { name: ' leading space', note: 'trailing space ' },
  { name: 'Tab\tinside', note: '\tleading tab' },
  { name: 'plain', note: '' },
];

function nastyList(): ExportList {
  return {
    name: 'partners',
    personal: false,
    columns: [
      { key: 'name', header: 'Name', type: 'text' },
      { key: 'note', header: 'Note', type: 'text' },
    ],
    rows: () => nasty,
  };
}

const da = createI18n('da', 'Europe/Copenhagen', 'DKK');

describe('CSV quoting', () => {
  for (const [label, delimiter] of [
    ['semicolon', ';'],
    ['comma', ','],
    ['tab', '\t'],
  ] as const) {
    it(`quotes every field holding CR, LF, the delimiter, a quote or edge spaces (${label})`, async () => {
      const text = (await collect(csvStream(nastyList(), da, delimiter))).toString('utf8').replace(/^\ufeff/, '');
      expect(bareLineBreaksOutsideQuotes(text)).toBe(0);
      const records = readLikeExcel(text, delimiter);
      expect(records).toHaveLength(nasty.length + 1);
      for (const r of records) expect(r).toHaveLength(2);
      expect(records.slice(1).map((r) => r[0])).toEqual([
        'İzmir Büyükşehir Belediyesi',
        'Kópavogur',
        'Ærø; Marstal',
        ' leading space',
        'Tab\tinside',
        'plain',
      ]);
      expect(records[1]![1]).toBe('Kültür haftası\nIzmir ile ortak program');
      expect(records[2]![1]).toBe('old Mac line\rbreak');
      expect(records[3]![1]).toBe('Windows line\r\nbreak, with "quotes"');
      expect(records[4]).toEqual([' leading space', 'trailing space ']);
      expect(records[5]![1]).toBe("'\tleading tab"); // neutralised: a leading tab can start a formula
      expect(text).toContain('"Kültür haftası\nIzmir ile ortak program"');
      expect(text).toContain('" leading space"');
    });
  }

  it('survives a strict parser that ends a record at every LF outside quotes, one record per row', async () => {
    // A plain last column: csv-parse refuses the CR of CRLF right after a closing quote.
    const list = nastyList();
    list.columns.push({ key: 'end', header: 'End', type: 'text' });
    list.rows = () => nasty.map((r) => ({ ...r, end: 'x' }));
    const bytes = await collect(csvStream(list, da, ';'));
    const records = parse(bytes, { bom: true, delimiter: ';', record_delimiter: '\n' }) as string[][];
    expect(records).toHaveLength(nasty.length + 1);
    for (const r of records) {
      expect(r).toHaveLength(3);
      expect(r[2]).toMatch(/\r$/); // the CR of CRLF stays on the last field
    }
    expect(records[1]![1]).toBe('Kültür haftası\nIzmir ile ortak program');
  });
});

describe('CSV quoting on the real lists', () => {
  let t: TestApp;
  let coordinator: Client;
  beforeAll(async () => {
    t = await buildTestApp({ setup: { locale: 'da' } });
    const now = '2026-11-01T00:00:00.000Z';
    const izmir = t.db
      .insert(partners)
      .values({
        name: 'İzmir Büyükşehir Belediyesi',
        kind: 'twin_city',
        country: 'TR',
        description: 'Søsterby siden 1991.\nKontakt via kulturafdelingen',
        updatedAt: now,
      })
      .returning()
      .get();
    const kopavogur = t.db.select().from(partners).where(eq(partners.name, 'Kópavogur')).get()!;
    t.db.update(partners).set({ description: 'Venskabsby;\nfælles "robotuge"' }).where(eq(partners.id, kopavogur.id)).run();
    t.db
      .insert(contacts)
      .values({ name: 'Ayşe Yılmaz', email: 'ayse@izmir.bel.tr', phone: '+90 232 293 12 00', partnerId: izmir.id, updatedAt: now })
      .run();
    const entry = t.db
      .insert(logEntries)
      .values({
        occurredOn: '2026-11-27',
        occurredTime: '14:05',
        type: 'meeting',
        summary: 'Møde i İzmir\nAftalt: udveksling i 2027',
        updatedAt: now,
      })
      .returning()
      .get();
    t.db.insert(logEntryPartners).values({ logEntryId: entry.id, partnerId: izmir.id }).run();
    coordinator = await signedIn(t, 'coordinator');
  });
  afterAll(async () => {
    await t.app.close();
  });

  it('keeps a partner description with an Alt+Enter line break in one record', async () => {
    const res = await coordinator.get('/exports/partners.csv');
    expect(res.statusCode).toBe(200);
    const text = res.rawPayload.toString('utf8').replace(/^\ufeff/, '');
    expect(bareLineBreaksOutsideQuotes(text)).toBe(0);
    const records = readLikeExcel(text, ';');
    const width = records[0]!.length;
    for (const r of records) expect(r).toHaveLength(width);
    const description = records[0]!.indexOf('Beskrivelse');
    expect(records.find((r) => r[0] === 'İzmir Büyükşehir Belediyesi')![description]).toBe(
      'Søsterby siden 1991.\nKontakt via kulturafdelingen',
    );
    expect(records.find((r) => r[0] === 'Kópavogur')![description]).toBe('Venskabsby;\nfælles "robotuge"');
  });

  it('keeps a log summary with a line break in one record, with ISO date and the time', async () => {
    const res = await coordinator.get('/exports/log.csv?delimiter=comma');
    const records = readLikeExcel(res.rawPayload.toString('utf8').replace(/^\ufeff/, ''), ',');
    expect(records).toHaveLength(2);
    expect(records[1]!.slice(0, 4)).toEqual(['2026-11-27', '14:05', 'Møde', 'Møde i İzmir\nAftalt: udveksling i 2027']);
  });
});
