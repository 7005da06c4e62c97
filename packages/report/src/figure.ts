import { html, type SafeHtml } from './html.js';

/** A chart in its card: a heading, the chart, a caption saying how to read it. */
export function figure(title: string, chart: SafeHtml, caption: SafeHtml | string): SafeHtml {
  return html`<figure><h3>${title}</h3>${chart}<figcaption>${caption}</figcaption></figure>`;
}
