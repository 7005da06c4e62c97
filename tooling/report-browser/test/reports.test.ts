import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  ACCURACY_REPORT_CHARTS,
  driftReportCharts,
  MODEL_REPORT_CHARTS,
  reportContentSecurityPolicy,
} from '@churn/report';
import {
  sampleAccuracyReport,
  sampleDriftReport,
  sampleDriftReportData,
  sampleModelReport,
} from '@churn/report/sample';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReportPage, type PageCheck } from '../src/check-page.js';
import { launchChromium } from '../src/launch.js';

/** Screenshots for CI to keep (gitignored: artifacts/). */
const SCREENSHOTS = fileURLToPath(new URL('../../../artifacts/ci/screenshots/', import.meta.url));

const REPORTS = [
  { kind: 'model', html: sampleModelReport(), charts: [...MODEL_REPORT_CHARTS] },
  { kind: 'drift', html: sampleDriftReport(), charts: driftReportCharts(sampleDriftReportData()) },
  { kind: 'accuracy', html: sampleAccuracyReport(), charts: [...ACCURACY_REPORT_CHARTS] },
];

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium(process.env.CHURN_CHROMIUM_PATH || undefined);
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Every expectation of a good report, in one place so the broken pages below fail it. */
function expectRendered(check: PageCheck, charts: readonly string[]) {
  expect(check.missing, 'charts missing from the page').toEqual([]);
  expect(check.empty, 'charts without a visible size').toEqual([]);
  expect(check.requests, 'requests the page made').toEqual([]);
  expect(check.consoleErrors, 'console errors (CSP violations among them)').toEqual([]);
  expect(check.styled, 'the inline stylesheet applied').toBe(true);
  for (const name of charts) expect(check.sizes[name]!.width).toBeGreaterThan(200);
}

describe.each(REPORTS)('the $kind report in Chromium', ({ kind, html, charts }) => {
  it('shows every chart with a size, under the CSP the API serves it with, requesting nothing', async () => {
    const check = await checkReportPage(browser, {
      html,
      charts,
      contentSecurityPolicy: reportContentSecurityPolicy(html),
      screenshot: `${SCREENSHOTS}${kind}-report.png`,
    });
    expectRendered(check, charts);
  });

  it('requests nothing even without a CSP to stop it', async () => {
    const check = await checkReportPage(browser, { html, charts });
    expect(check.requests).toEqual([]);
  });
});

describe('the check itself fails a broken page', () => {
  const [model] = REPORTS;
  const { html, charts } = model!;
  const csp = reportContentSecurityPolicy(html);

  it('when a chart is removed', async () => {
    const broken = html.replace(/<svg [^>]*data-chart="roc"[\s\S]*?<\/svg>/, '');
    expect(broken).not.toBe(html);
    const check = await checkReportPage(browser, {
      html: broken,
      charts,
      contentSecurityPolicy: csp,
    });
    expect(check.missing).toEqual(['roc']);
    expect(() => expectRendered(check, charts)).toThrow(/charts missing/);
  });

  it('when a chart has no size', async () => {
    // A hidden figure: the chart is in the document but takes no room.
    const broken = html.replace(
      /<figure>(<h3>[^<]*<\/h3><svg [^>]*data-chart="calibration")/,
      '<figure hidden>$1',
    );
    expect(broken).not.toBe(html);
    const check = await checkReportPage(browser, {
      html: broken,
      charts,
      contentSecurityPolicy: csp,
    });
    expect(check.empty).toEqual(['calibration']);
    expect(() => expectRendered(check, charts)).toThrow(/without a visible size/);
  });

  it('when the page fetches from the network, or the CSP blocks it', async () => {
    const external = html.replace(
      '</main>',
      '<img src="https://cdn.example.com/pixel.png" alt=""></main>',
    );
    const open = await checkReportPage(browser, { html: external, charts });
    expect(open.requests).toEqual(['https://cdn.example.com/pixel.png']);
    expect(() => expectRendered(open, charts)).toThrow(/requests the page made/);
    const blocked = await checkReportPage(browser, {
      html: external,
      charts,
      contentSecurityPolicy: csp,
    });
    expect(blocked.requests).toEqual([]);
    expect(blocked.consoleErrors.join('\n')).toMatch(/Content Security Policy/);
  });

  it('when the CSP does not allow its stylesheet', async () => {
    const check = await checkReportPage(browser, {
      html,
      charts,
      contentSecurityPolicy: "default-src 'none'",
    });
    expect(check.styled).toBe(false);
    expect(() => expectRendered(check, charts)).toThrow(/console errors|stylesheet/);
  });
});
