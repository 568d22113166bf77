// Names sort with the organisation's language, in SQL as in Intl.Collator.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { registerSortKey, sortKey } from '../../src/lib/collation.js';
import { INTL_LOCALE, LOCALES } from '../../src/i18n/index.js';

const NAMES = [
  'Aarhus',
  'Ålborg',
  'Zürich',
  'Østersund',
  'Ærø',
  'Ängelholm',
  'İzmir',
  'Istanbul',
  'Ibiza',
  'Oslo',
  'Odense',
  'Zagreb',
  'Kópavogur',
  'Kopenhagen',
  'Klaksvík',
  'St Albans',
  'Stockholm',
  'Columbus, Ohio',
  'Brno',
  'Norrköping',
  'Tampere',
  'Łódź',
  'Šiauliai',
];

describe('sortKey', () => {
  it.each(LOCALES)('orders names in %s exactly as Intl.Collator does', (locale) => {
    const collator = new Intl.Collator(INTL_LOCALE[locale], { sensitivity: 'base' });
    const byCollator = [...NAMES].sort(collator.compare);
    const byKey = [...NAMES].sort((a, b) =>
      sortKey(a, locale) < sortKey(b, locale) ? -1 : sortKey(a, locale) > sortKey(b, locale) ? 1 : 0,
    );
    expect(byKey).toEqual(byCollator);
  });

  it('puts Å last and Aarhus with it in Danish, Ø after Z in Norwegian, Ö after Z in Swedish, İzmir under I everywhere', () => {
    const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sorted = (locale: 'en' | 'da' | 'nb' | 'sv', names: string[]) =>
      [...names].sort((a, b) => binary(sortKey(a, locale), sortKey(b, locale)));
    expect(sorted('da', ['Ålborg', 'Zagreb', 'Aarhus', 'Brno'])).toEqual(['Brno', 'Zagreb', 'Ålborg', 'Aarhus']);
    expect(sorted('nb', ['Østersund', 'Zagreb', 'Oslo'])).toEqual(['Oslo', 'Zagreb', 'Østersund']);
    expect(sorted('sv', ['Östersund', 'Zagreb', 'Oslo'])).toEqual(['Oslo', 'Zagreb', 'Östersund']);
    for (const locale of LOCALES) expect(sorted(locale, ['Jena', 'İzmir', 'Hamar'])).toEqual(['Hamar', 'İzmir', 'Jena']);
  });

  it('sorts in SQLite through the registered sort_key function', () => {
    const sqlite = new Database(':memory:');
    registerSortKey(sqlite);
    sqlite.exec('create table t (name text)');
    const insert = sqlite.prepare('insert into t values (?)');
    for (const n of ['Östersund', 'Aarhus', 'Zagreb', 'Brno', 'İzmir']) insert.run(n);
    const names = (locale: string) =>
      (sqlite.prepare('select name from t order by sort_key(name, ?), name').all(locale) as { name: string }[]).map((r) => r.name);
    expect(names('da')).toEqual(['Brno', 'İzmir', 'Zagreb', 'Östersund', 'Aarhus']);
    expect(names('en')).toEqual(['Aarhus', 'Brno', 'İzmir', 'Östersund', 'Zagreb']);
    sqlite.close();
  });
});
