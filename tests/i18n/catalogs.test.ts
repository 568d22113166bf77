import { describe, it, expect } from 'vitest';
import { catalogs } from '../../src/i18n/catalogs/index.js';
import { LOCALES, createI18n } from '../../src/i18n/index.js';

describe('translation catalogs', () => {
  it('define every key in all four languages', () => {
    const problems: string[] = [];
    catalogs.forEach((catalog, i) => {
      const keys = new Set(LOCALES.flatMap((l) => Object.keys(catalog[l])));
      for (const key of keys) for (const l of LOCALES) if (!(key in catalog[l])) problems.push(`catalog #${i}: ${key} missing in ${l}`);
    });
    expect(problems).toEqual([]);
  });

  it('define no key in two catalogs', () => {
    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    catalogs.forEach((catalog, i) => {
      for (const key of Object.keys(catalog.en)) {
        if (seen.has(key)) duplicates.push(`${key} (catalogs #${seen.get(key)} and #${i})`);
        else seen.set(key, i);
      }
    });
    expect(duplicates).toEqual([]);
  });

  it('have no empty strings', () => {
    const empty = catalogs.flatMap((catalog) =>
      LOCALES.flatMap((l) =>
        Object.entries(catalog[l])
          .filter(([, v]) => v.trim() === '')
          .map(([k]) => `${l}: ${k}`),
      ),
    );
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in every language', () => {
    const problems: string[] = [];
    const names = (s: string) =>
      [...s.matchAll(/\{(\w+)\}/g)]
        .map((m) => m[1])
        .sort()
        .join(',');
    for (const catalog of catalogs) {
      for (const [key, en] of Object.entries(catalog.en)) {
        for (const l of LOCALES) if (catalog[l][key] !== undefined && names(catalog[l][key]!) !== names(en)) problems.push(`${l}: ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('name countries in the user language', () => {
    expect(createI18n('da', 'Europe/Copenhagen', 'DKK').country('FO')).toBe('Færøerne');
    expect(createI18n('sv', 'Europe/Stockholm', 'SEK').country('IS')).toBe('Island');
    expect(createI18n('en', 'UTC', 'EUR').country('PS')).toMatch(/Palestin/);
  });
});
