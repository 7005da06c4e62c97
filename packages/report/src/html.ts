/**
 * Markup that is safe to put in a page as it is. Only `html` and `raw` make one, so a
 * string that reaches a page without passing through `html` is always escaped.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for an HTML (or SVG) text node or a quoted attribute value.
 *
 * @example
 * escapeHtml('<b a="1">'); // => '&lt;b a=&quot;1&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** What may be interpolated into `html`: text and numbers are escaped, SafeHtml is kept. */
export type HtmlValue = SafeHtml | string | number | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot render ${value} in a page`);
    return String(value);
  }
  return escapeHtml(String(value));
}

/**
 * Tagged template: every interpolated value is escaped unless it is SafeHtml (the result of
 * another `html`), so markup is built by composition and text is never markup by accident.
 *
 * @example
 * html`<td>${'<script>'}</td>`.value; // => '<td>&lt;script&gt;</td>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup we wrote ourselves (a constant stylesheet); never pass data through it. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
