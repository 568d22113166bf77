// Attributes for templates: one place that escapes attribute values, so a template never
// concatenates markup by hand (the output of attrs() is safe to print raw with <%~ %>).

export type AttrValue = string | number | boolean | null | undefined;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text escaped for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

// Names come from the template's code, never from data; anything else is a bug to catch early.
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * ` name="value"` for each attribute, in the object's order, each value escaped. `true` gives
 * a bare attribute (` required`); `false`, `null` and `undefined` leave the attribute out.
 * Every attribute starts with a space: `<input<%~ it.attrs({ id: 'f-' + name, required }) %>>`.
 */
export function attrs(values: Record<string, AttrValue>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (!NAME.test(name)) throw new Error(`attrs(): not an attribute name: ${JSON.stringify(name)}`);
    if (value === false || value === null || value === undefined) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}
