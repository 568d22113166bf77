// Matching imported partners against what exists: one fold, country, name with region, likely
// duplicates for what is only similar, diffs that never make a value worse silently, and the
// pure lifetimes of pending and committed imports.
import { describe, expect, it } from 'vitest';
import {
  buildPreview,
  canRevert,
  countPreview,
  editDistance,
  foldName,
  guessMapping,
  losesDiacritics,
  pendingExpired,
  revertUntil,
  undecided,
  type Choices,
  type ExistingRecord,
  type MatchIndex,
} from '../../src/imports/domain.js';
import { foldText } from '../../src/search/fold.js';
import { validate } from './helpers.js';

const partner = (id: number, name: string, country: string, extra: Partial<Record<string, string>> = {}): ExistingRecord => ({
  id,
  name,
  country,
  kind: 'twin_city',
  cityRegion: '',
  website: '',
  description: '',
  tags: '',
  ...extra,
});

const index = (...partners: ExistingRecord[]): MatchIndex => ({ partners, contacts: [], logEntries: [] });

const choices = (c: Partial<Choices> = {}): Choices => ({ excluded: [], decisions: {}, accepted: {}, ...c });

/** The preview of partner rows given as [name, country, city] and optional more columns. */
function preview(existing: MatchIndex, rows: string[][], c?: Partial<Choices>, mapping = ['name', 'country', 'cityRegion', 'website']) {
  return buildPreview('partners', rows, mapping, existing, validate, choices(c));
}

describe('the fold names are compared by', () => {
  it.each([
    ['İzmir', 'Izmir'],
    ['İZMİR', 'izmir'],
    ['Diyarbakır', 'Diyarbakir'],
    ['Kópavogur', 'Kopavogur'],
    ['Klaksvík', 'KLAKSVIK'],
    ['Århus', 'Aarhus'],
    ['Århus', 'Arhus'],
    ['Østersund', 'Oestersund'],
    ['Östersund', 'Ostersund'],
    ['Östersund', 'Østersund'],
    ['Ærø', 'Aeroe'],
    ['Ærø', 'Ærø'],
    ['Tårnby', 'Taarnby'],
    ['München', 'Muenchen'],
    ['München', 'Munchen'],
    ['Malmö', 'Malmoe'],
    ['Växjö', 'Vaexjoe'],
    ['St. Albans', 'St Albans'],
    ['Porvoo/Borgå', 'Porvoo Borga'],
    ['Petah-Tikva', 'Petah Tikva'],
    ['Straße', 'Strasse'],
  ])('%s meets %s', (a, b) => {
    expect(foldName(a)).toBe(foldName(b));
  });

  it.each([
    ['Brno', 'Bern'],
    ['Lund', 'Luleå'],
    ['Kaunas', 'Kassel'],
  ])('%s stays apart from %s', (a, b) => {
    expect(foldName(a)).not.toBe(foldName(b));
  });

  it("builds on search's Nordic fold rather than a second one", () => {
    // Whatever search folds together, the import's key folds together too.
    for (const [a, b] of [
      ['Århus', 'aarhus'],
      ['Kópavogur', 'kopavogur'],
      ['Ørsted', 'oersted'],
    ] as const) {
      expect(foldText(a)).toBe(foldText(b));
      expect(foldName(a)).toBe(foldName(b));
    }
  });

  it('reads Danish headers with their letters (Navn, Land, By, Hjemmeside, Nøgleord, Beskrivelse)', () => {
    expect(guessMapping('partners', ['Navn', 'Land', 'By', 'Hjemmeside', 'Nøgleord', 'Beskrivelse', 'Bemærkning til Lars'])).toEqual([
      'name',
      'country',
      'cityRegion',
      'website',
      'tags',
      'description',
      null,
    ]);
  });

  it('measures edit distance, giving up beyond the bound', () => {
    expect(editDistance('kaunas', 'kaunass')).toBe(1);
    expect(editDistance('groningen', 'groningn')).toBe(1);
    expect(editDistance('tampere', 'tampree')).toBe(2);
    expect(editDistance('brno', 'shaoxing')).toBe(3);
  });
});

describe('matching a row to an existing partner', () => {
  it('matches İzmir and Izmir in Türkiye, and keeps the dotted İ unless the user ticks the change', () => {
    const existing = index(partner(1, 'İzmir', 'TR'));
    const [row] = preview(existing, [['Izmir', 'Tyrkiet', '', 'https://www.izmir.bel.tr']]);
    expect(row).toMatchObject({ status: 'update', matchId: 1 });
    expect(row!.changes).toEqual([
      { field: 'name', from: 'İzmir', to: 'Izmir', held: true, applied: false },
      { field: 'website', from: '', to: 'https://www.izmir.bel.tr', held: false, applied: true },
    ]);
    const [ticked] = preview(existing, [['Izmir', 'Tyrkiet', '', 'https://www.izmir.bel.tr']], { accepted: { 2: ['name'] } });
    expect(ticked!.changes[0]).toMatchObject({ field: 'name', held: true, applied: true });
  });

  it('matches Kopavogur to Kópavogur in Iceland without touching the name', () => {
    const [row] = preview(index(partner(6, 'Kópavogur', 'IS')), [['Kopavogur', 'Island', 'Höfuðborgarsvæðið', '']]);
    expect(row).toMatchObject({ status: 'update', matchId: 6 });
    expect(row!.changes.filter((c) => c.applied).map((c) => c.field)).toEqual(['cityRegion']);
    expect(losesDiacritics('Kópavogur', 'Kopavogur')).toBe(true);
    expect(losesDiacritics('Kopavogur', 'Kópavogur')).toBe(false);
  });

  it('matches "Columbus, Ohio" in the file to Columbus whose region is Ohio, and keeps its name', () => {
    const [row] = preview(index(partner(14, 'Columbus', 'US', { cityRegion: 'Ohio' })), [
      ['Columbus, Ohio', 'USA', '', 'https://www.columbus.gov'],
    ]);
    expect(row).toMatchObject({ status: 'update', matchId: 14 });
    expect(row!.changes.map((c) => c.field)).toEqual(['website']);
  });

  it('matches Columbus with the region Ohio in the file to an existing "Columbus, Ohio"', () => {
    const [row] = preview(index(partner(14, 'Columbus, Ohio', 'US')), [['Columbus', 'US', 'Ohio', '']]);
    expect(row).toMatchObject({ status: 'update', matchId: 14 });
    expect(row!.changes).toEqual([{ field: 'cityRegion', from: '', to: 'Ohio', held: false, applied: true }]);
  });

  it('treats Columbus in Georgia as only similar to Columbus in Ohio', () => {
    const [row] = preview(index(partner(14, 'Columbus', 'US', { cityRegion: 'Ohio' })), [['Columbus', 'US', 'Georgia', '']]);
    expect(row).toMatchObject({ status: 'likely', matchId: null, included: false });
    expect(row!.candidates).toEqual([{ id: 14, label: 'Columbus, Ohio, US' }]);
  });

  it('matches the preset\'s "Columbus, Ohio" (region Ohio) from Columbus with or without the region, never from Columbus, Georgia', () => {
    const existing = index(partner(14, 'Columbus, Ohio', 'US', { cityRegion: 'Ohio' }));
    expect(preview(existing, [['Columbus', 'USA', '', '']])[0]).toMatchObject({ status: 'unchanged', matchId: 14 });
    expect(preview(existing, [['Columbus', 'USA', 'Ohio', 'https://www.columbus.gov']])[0]).toMatchObject({
      status: 'update',
      matchId: 14,
    });
    expect(preview(existing, [['Columbus, Ohio', 'US', '', '']])[0]).toMatchObject({ status: 'unchanged', matchId: 14 });
    const georgia = preview(existing, [['Columbus, Georgia', 'US', '', '']])[0]!;
    expect(georgia).toMatchObject({ status: 'likely', candidates: [{ id: 14, label: 'Columbus, Ohio, US' }] });
  });

  it('matches either name of "Porvoo/Borgå" and keeps the record\'s name', () => {
    const [row] = preview(index(partner(3, 'Porvoo/Borgå', 'FI')), [['Borgå', 'Finland', '', 'https://www.porvoo.fi']]);
    expect(row).toMatchObject({ status: 'update', matchId: 3 });
    expect(row!.changes.map((c) => c.field)).toEqual(['website']);
  });

  it('reads a City column that repeats the name as no region at all', () => {
    const [row] = preview(index(partner(14, 'Columbus', 'US', { cityRegion: 'Ohio' })), [['Columbus', 'US', 'Columbus', '']]);
    expect(row).toMatchObject({ status: 'update', matchId: 14 });
  });

  it.each([
    ['the same name in another country', ['Lund', 'DK', '', '']],
    ['the same name without a country', ['Lund', '', '', '']],
    ['a name one letter off', ['Lundd', 'SE', '', '']],
    ['a name two letters off', ['Lunnd', 'SE', '', '']],
  ])('shows %s as a likely duplicate, never as new', (_, row) => {
    const [r] = preview(index(partner(3, 'Lund', 'SE')), [row]);
    expect(r).toMatchObject({ status: 'likely', included: false, decision: null });
    expect(r!.candidates.map((c) => c.id)).toEqual([3]);
  });

  it('adds what is like nothing that exists as new', () => {
    const [r] = preview(index(partner(3, 'Lund', 'SE')), [['Tartu', 'Estland', 'Tartu', '']]);
    expect(r).toMatchObject({ status: 'new', included: true, candidates: [] });
  });

  it('follows the decision on a likely duplicate: match it, add as new, or skip', () => {
    const existing = index(partner(3, 'Lund', 'SE', { website: '' }));
    const row = ['Lund', 'DK', '', 'https://lund.se'];
    const matched = preview(existing, [row], { decisions: { 2: 'match:3' } })[0]!;
    expect(matched).toMatchObject({ status: 'update', matchId: 3, included: true });
    // Matching keeps the record's country only if the file agrees; here it says DK, shown as a change.
    expect(matched.changes.map((c) => c.field)).toEqual(['country', 'website']);
    expect(preview(existing, [row], { decisions: { 2: 'new' } })[0]).toMatchObject({ status: 'new', matchId: null, included: true });
    expect(preview(existing, [row], { decisions: { 2: 'skip' } })[0]).toMatchObject({ status: 'likely', included: false, excluded: true });
    // A decision naming a record that is not a candidate is no decision.
    expect(preview(existing, [row], { decisions: { 2: 'match:99' } })[0]).toMatchObject({ status: 'likely', decision: null });
  });

  it('never blanks an existing value from an empty cell', () => {
    const existing = index(partner(2, 'Shaoxing', 'CN', { cityRegion: 'Zhejiang', website: 'https://www.sx.gov.cn' }));
    const [row] = preview(existing, [['Shaoxing', 'Kina', '', '']]);
    expect(row).toMatchObject({ status: 'unchanged', changes: [] });
  });

  it('validates with the partner form: a website that is not a web address is an error on that cell', () => {
    const [row] = preview(index(), [['Tartu', 'EE', '', 'www.tartu.ee']]);
    expect(row).toMatchObject({ status: 'error', included: false });
    expect(row!.errors.website).toBe('Enter a web address starting with http:// or https://.');
  });

  it('lets the user exclude a valid row; an error row is always left out', () => {
    const rows = [
      ['Tartu', 'EE', '', ''],
      ['Riga', 'LV', '', ''],
      ['Atlantis', 'Narnia', '', ''],
    ];
    const p = preview(index(), rows, { excluded: [3] });
    expect(p.map((r) => [r.status, r.included, r.excluded])).toEqual([
      ['new', true, false],
      ['new', false, true],
      ['error', false, false],
    ]);
    expect(countPreview(p)).toMatchObject({ new: 1, excluded: 1, error: 1, toWrite: 1 });
  });

  it('counts likely duplicates that wait for a decision', () => {
    const p = preview(index(partner(3, 'Lund', 'SE')), [
      ['Lund', 'DK', '', ''],
      ['Lund', '', '', ''],
    ]);
    expect(undecided(p)).toBe(2);
  });
});

describe('lifetimes', () => {
  const created = '2026-11-24T10:00:00.000Z';

  it('expires a pending import after a day, not before', () => {
    const batch = { status: 'pending' as const, createdAt: created, committedAt: null };
    expect(pendingExpired(batch, new Date('2026-11-25T09:59:59.999Z'))).toBe(false);
    expect(pendingExpired(batch, new Date('2026-11-25T10:00:00.000Z'))).toBe(true);
    expect(pendingExpired({ ...batch, status: 'committed' }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });

  it('offers revert for 30 days after the commit', () => {
    const batch = { status: 'committed' as const, createdAt: created, committedAt: '2026-11-24T12:00:00.000Z' };
    expect(revertUntil(batch)!.toISOString()).toBe('2026-12-24T12:00:00.000Z');
    expect(canRevert(batch, new Date('2026-12-24T11:59:59.999Z'))).toBe(true);
    expect(canRevert(batch, new Date('2026-12-24T12:00:00.000Z'))).toBe(false);
    expect(canRevert({ ...batch, status: 'reverted' }, new Date(created))).toBe(false);
  });
});
