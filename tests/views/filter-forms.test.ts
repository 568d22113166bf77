// A list's filter form must show what the list shows. After Back, browsers restore the values typed
// into a form on their own, while the address and the list are the earlier ones: a filter box that
// said "Meetings" above the whole log. autocomplete="off" on the form stops the browser doing so.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const VIEWS = join(import.meta.dirname, '../../views');

function filterForms(): { file: string; tag: string }[] {
  const found: { file: string; tag: string }[] = [];
  for (const file of readdirSync(VIEWS, { recursive: true }) as string[]) {
    if (!file.endsWith('.eta')) continue;
    for (const [tag] of readFileSync(join(VIEWS, file), 'utf8').matchAll(/<form [^>]*/g)) {
      if (tag.includes('class="filters') && tag.includes('method="get"')) found.push({ file, tag });
    }
  }
  return found;
}

describe('filter forms', () => {
  it('tell the browser not to restore their values after Back', () => {
    const forms = filterForms();
    expect(forms.length).toBeGreaterThanOrEqual(15);
    expect(forms.filter((f) => !f.tag.includes('autocomplete="off"')).map((f) => f.file)).toEqual([]);
  });
});
