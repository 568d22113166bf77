// One key per domain word: every value of every kind, status and type has its label under one
// prefix in every language, and no other group of keys translates the same words again.
import { describe, it, expect } from 'vitest';
import { LOCALES, createI18n, messages } from '../../src/i18n/index.js';
import { WORD_LABELS } from '../../src/lib/words.js';

describe('domain words in the catalogs', () => {
  it.each(Object.entries(WORD_LABELS))('labels every value of %s in every language', (prefix, values) => {
    for (const locale of LOCALES) {
      for (const value of values) expect(messages[locale][prefix + value], `${locale} ${prefix}${value}`).toBeTruthy();
    }
  });

  it.each(Object.entries(WORD_LABELS))('has no second set of keys translating the values of %s', (prefix, values) => {
    // Any other prefix under which every one of these values has a key is a copy that will drift.
    const prefixes = new Map<string, Set<string>>();
    for (const key of Object.keys(messages.en)) {
      for (const value of values) {
        if (key.endsWith(`.${value}`)) {
          const p = key.slice(0, key.length - value.length);
          if (!prefixes.has(p)) prefixes.set(p, new Set());
          prefixes.get(p)!.add(value);
        }
      }
    }
    const copies = [...prefixes].filter(([p, found]) => p !== prefix && found.size === values.length).map(([p]) => p);
    expect(copies).toEqual([]);
  });
});

describe('catalog keys in code', () => {
  it('fails the type check on a misspelt literal key, and accepts keys built at run time', () => {
    const i18n = createI18n('da', 'Europe/Copenhagen', 'DKK');
    const kind: string = 'twin_city';
    // @ts-expect-error: "twin_cty" is no key of the English catalog, so `tsc --noEmit` in npm test refuses it.
    expect(i18n.t('partners.kind.twin_cty')).toBe('partners.kind.twin_cty');
    expect(i18n.t('partners.kind.' + kind)).toBe('Venskabsby');
  });
});
