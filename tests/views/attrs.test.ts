// attrs(): the one escaping helper for attribute values in templates (src/lib/html.ts).
import { describe, expect, it } from 'vitest';
import { attrs } from '../../src/lib/html.js';

describe('attrs', () => {
  it('writes each attribute as name="value" with a leading space, in the given order', () => {
    expect(attrs({ id: 'f-name', name: 'name', rows: 4 })).toBe(' id="f-name" name="name" rows="4"');
  });

  it.each([
    ['a double quote', 'say "hi"', ' title="say &quot;hi&quot;"'],
    ['a single quote', "it's", ' title="it&#39;s"'],
    ['a less-than and greater-than', '<script>alert(1)</script>', ' title="&lt;script&gt;alert(1)&lt;/script&gt;"'],
    ['an ampersand, also one that looks like an entity', 'R&D &amp; more', ' title="R&amp;D &amp;amp; more"'],
    ['an attempt to close the attribute and add another', '" onmouseover="x', ' title="&quot; onmouseover=&quot;x"'],
  ])('escapes %s', (_what, value, html) => {
    expect(attrs({ title: value })).toBe(html);
  });

  it('writes true as a bare attribute', () => {
    expect(attrs({ selected: true, required: true })).toBe(' selected required');
  });

  it('leaves out false, null and undefined', () => {
    expect(attrs({ selected: false, 'aria-invalid': null, 'aria-describedby': undefined })).toBe('');
    expect(attrs({ id: 'f-x', required: false, 'aria-describedby': null, checked: true })).toBe(' id="f-x" checked');
  });

  it('keeps empty strings and zero, which are values', () => {
    expect(attrs({ value: '', tabindex: 0 })).toBe(' value="" tabindex="0"');
  });

  it('builds the attributes of a field with an error, as a form partial does', () => {
    const name = 'annualFee';
    const error = 'Enter a number';
    expect(
      attrs({ id: 'f-' + name, 'aria-invalid': error ? 'true' : null, 'aria-describedby': error ? 'e-' + name : null, required: true }),
    ).toBe(' id="f-annualFee" aria-invalid="true" aria-describedby="e-annualFee" required');
  });

  it('takes htmx attribute names with colons', () => {
    expect(attrs({ 'hx-status:422': 'swap:outerHTML' })).toBe(' hx-status:422="swap:outerHTML"');
  });

  it('refuses a name that is not an attribute name, since names come from code', () => {
    expect(() => attrs({ 'x onload': 'y' })).toThrow(/not an attribute name/);
    expect(() => attrs({ 'a"b': 'y' })).toThrow(/not an attribute name/);
    expect(() => attrs({ '': 'y' })).toThrow(/not an attribute name/);
  });
});
