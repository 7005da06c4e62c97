import type { Browser } from 'playwright-core';

/** The made-up origin the page is served from; no request reaches a network. */
export const PAGE_ORIGIN = 'http://report.invalid';

export interface PageCheckOptions {
  readonly html: string;
  /** The `data-chart` names the page must show. */
  readonly charts: readonly string[];
  /** Content-Security-Policy header to serve the page with (as the API does), if any. */
  readonly contentSecurityPolicy?: string;
  /** Writes a full-page PNG here. */
  readonly screenshot?: string;
}

export interface PageCheck {
  /** Expected charts that are not in the page. */
  readonly missing: string[];
  /** Expected charts in the page but without a visible width and height. */
  readonly empty: string[];
  /** Every request but the page itself (aborted). */
  readonly requests: string[];
  /** Console errors, CSP violations among them. */
  readonly consoleErrors: string[];
  /** The inline stylesheet applied (a CSP that blocks it leaves the browser's defaults). */
  readonly styled: boolean;
  /** Rendered size of each chart, by name. */
  readonly sizes: Record<string, { width: number; height: number }>;
}

/**
 * Opens a report page in `browser` with every request routed: the page itself is answered
 * from memory, anything else is recorded and aborted. Reports which expected charts are
 * missing or have no size, and whether the page's styles applied.
 */
export async function checkReportPage(
  browser: Browser,
  options: PageCheckOptions,
): Promise<PageCheck> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `${PAGE_ORIGIN}/`) {
        await route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: options.contentSecurityPolicy
            ? { 'content-security-policy': options.contentSecurityPolicy }
            : {},
          body: options.html,
        });
        return;
      }
      requests.push(url);
      await route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${PAGE_ORIGIN}/`, { waitUntil: 'load' });
    const found = await page.evaluate(() =>
      [...document.querySelectorAll('svg[data-chart]')].map((svg) => {
        const box = svg.getBoundingClientRect();
        return { name: svg.getAttribute('data-chart')!, width: box.width, height: box.height };
      }),
    );
    const styled = await page.evaluate(
      () => getComputedStyle(document.body).backgroundColor === 'rgb(241, 245, 249)',
    );
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true });
    const sizes = Object.fromEntries(
      found.map((f) => [f.name, { width: f.width, height: f.height }]),
    );
    return {
      missing: options.charts.filter((name) => !(name in sizes)),
      empty: options.charts.filter(
        (name) => name in sizes && !(sizes[name]!.width > 0 && sizes[name]!.height > 0),
      ),
      requests,
      consoleErrors,
      styled,
      sizes,
    };
  } finally {
    await context.close();
  }
}
