// Coded columns sort by their labels in the reader's language (src/db/sort-key.ts), the order
// worked out once per locale and labels and then reused.
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { byLabel } from '../../src/db/sort-key.js';

const dialect = new SQLiteSyncDialect();
/** The codes in the order the CASE expression ranks them. */
const order = (expression: ReturnType<typeof byLabel>) => dialect.sqlToQuery(expression).params.filter((p) => typeof p === 'string');

const COUNTRIES = ['AX', 'DK', 'IS', 'SE', 'TR'] as const;
const names: Record<string, Record<string, string>> = {
  da: { AX: 'Åland', DK: 'Danmark', IS: 'Island', SE: 'Sverige', TR: 'Tyrkiet' },
  sv: { AX: 'Åland', DK: 'Danmark', IS: 'Island', SE: 'Sverige', TR: 'Turkiet' },
  en: { AX: 'Åland Islands', DK: 'Denmark', IS: 'Iceland', SE: 'Sweden', TR: 'Türkiye' },
};

describe('sorting a coded column by its labels', () => {
  it("puts Å where each language's alphabet does, and asks again when the labels change", () => {
    const column = sql.raw('country');
    // Danish and Swedish put Å at the end of the alphabet; English reads it as A.
    expect(order(byLabel(column, COUNTRIES, (c) => names.da![c]!, 'da-DK'))).toEqual(['DK', 'IS', 'SE', 'TR', 'AX']);
    expect(order(byLabel(column, COUNTRIES, (c) => names.sv![c]!, 'sv-SE'))).toEqual(['DK', 'IS', 'SE', 'TR', 'AX']);
    expect(order(byLabel(column, COUNTRIES, (c) => names.en![c]!, 'en-GB'))).toEqual(['AX', 'DK', 'IS', 'SE', 'TR']);
    // Asked again (now from what was worked out before), the same answers.
    expect(order(byLabel(column, COUNTRIES, (c) => names.da![c]!, 'da-DK'))).toEqual(['DK', 'IS', 'SE', 'TR', 'AX']);
    expect(order(byLabel(column, COUNTRIES, (c) => names.en![c]!, 'en-GB'))).toEqual(['AX', 'DK', 'IS', 'SE', 'TR']);
    // Other labels in the same locale: a new order, not the kept one.
    expect(order(byLabel(column, COUNTRIES, (c) => (c === 'TR' ? 'Anatolien' : names.da![c]!), 'da-DK'))).toEqual([
      'TR',
      'DK',
      'IS',
      'SE',
      'AX',
    ]);
  });

  it('keeps the codes in their own order without labels', () => {
    expect(dialect.sqlToQuery(byLabel(sql.raw('country'), COUNTRIES, null)).sql).toBe('country');
  });
});
