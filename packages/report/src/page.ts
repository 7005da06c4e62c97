import { createHash } from 'node:crypto';
import { html, raw, type SafeHtml } from './html.js';

/**
 * The one stylesheet of every report, inline so the page needs nothing from the network.
 * Charts colour themselves with SVG attributes, so no element needs a style attribute and a
 * Content-Security-Policy can allow exactly this stylesheet by its hash.
 */
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f1f5f9; color: #1e293b; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1160px; margin: 0 auto; padding: 28px 24px 40px; }
header { margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 16px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 0 0 8px; color: #334155; }
p { margin: 0 0 8px; }
.sub { color: #64748b; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; vertical-align: 2px; margin-left: 6px; }
.badge.good { background: #dcfce7; color: #166534; }
.badge.neutral { background: #e2e8f0; color: #334155; }
.badge.warn { background: #fef3c7; color: #92400e; }
.badge.bad { background: #fee2e2; color: #991b1b; }
.panel { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 18px 20px; margin-bottom: 16px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-bottom: 16px; }
.kpi { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 12px 16px; }
.kpi .label { color: #64748b; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.kpi .value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; margin-bottom: 16px; }
.columns > .panel { margin-bottom: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(500px, 1fr)); gap: 16px; margin: 16px 0; }
.charts.wide { grid-template-columns: 1fr; }
figure { margin: 0; background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 16px 16px 12px; }
figcaption { color: #64748b; font-size: 12.5px; margin-top: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e2e8f0; }
th { color: #475569; font-weight: 600; font-size: 12.5px; background: #f8fafc; }
td.num, th.num { text-align: right; }
tr.fail td { background: #fef2f2; }
tr.warn td { background: #fffbeb; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dt { color: #64748b; }
dd { margin: 0; font-variant-numeric: tabular-nums; }
svg.chart { display: block; width: 100%; height: auto; max-width: 100%; }
svg.chart text { font-size: 11px; }
svg.chart text:not([fill]) { fill: #475569; }
svg.chart .axis-label:not([fill]), svg.chart .value:not([fill]) { fill: #334155; }
svg.chart .cell-count { font-size: 20px; font-weight: 650; }
svg.chart .cell-count:not([fill]) { fill: #1e293b; }
svg.chart .cell-share { font-size: 12px; }
svg.chart .axis-label { font-size: 12px; }
footer { color: #94a3b8; font-size: 12px; margin-top: 24px; }
`;

export interface PageSpec {
  readonly title: string;
  readonly body: SafeHtml;
}

/** A complete, self-contained HTML document: one inline stylesheet, no scripts, no links. */
export function renderPage(spec: PageSpec): string {
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${spec.title}</title><style>${raw(STYLE)}</style></head><body><main>${spec.body}</main></body></html>`.value}\n`;
}

/**
 * The Content-Security-Policy that lets a report render and nothing more: its own inline
 * stylesheets by hash, no scripts, no network. Computed from the page itself, so a report
 * written by an older version keeps its styles.
 */
export function reportContentSecurityPolicy(page: string): string {
  const hashes = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (match) => `'sha256-${createHash('sha256').update(match[1]!).digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `style-src ${hashes.length > 0 ? hashes.join(' ') : "'none'"}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
