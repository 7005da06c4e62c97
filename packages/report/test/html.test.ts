import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw, SafeHtml } from '../src/index.js';

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute value', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('html', () => {
  it('escapes interpolated text, in text and in attributes', () => {
    const name = '"><script>alert(1)</script>';
    const out = html`<p title="${name}">${name}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('keeps markup made by html or raw, joins arrays and drops null and undefined', () => {
    const inner = html`<b>${'a&b'}</b>`;
    expect(
      html`<p>${inner}${[html`<i>1</i>`, '<2>']}${null}${undefined}${raw('<hr>')}</p>`.value,
    ).toBe('<p><b>a&amp;b</b><i>1</i>&lt;2&gt;<hr></p>');
    expect(inner).toBeInstanceOf(SafeHtml);
  });

  it('refuses a number that is not finite instead of printing NaN into a chart', () => {
    expect(() => html`<rect width="${Number.NaN}"/>`).toThrow(TypeError);
    expect(() => html`${Number.POSITIVE_INFINITY}`).toThrow(TypeError);
  });
});
