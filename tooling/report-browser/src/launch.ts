import { access, constants } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags that keep Chromium off the network and quiet: no background fetches (component,
 * safe-browsing or variations updates, sync, translation, metrics pings), no first-run work,
 * no GPU. Every page request is also routed by the check itself.
 */
export const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-extensions',
  '--disable-breakpad',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-pings',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
];

/**
 * Launches headless Chromium from `executablePath`. A missing browser is an error that says how
 * to install it: the report check must fail, never skip, where Chromium is absent.
 */
export async function launchChromium(executablePath: string = DEFAULT_CHROMIUM): Promise<Browser> {
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${executablePath}: the report browser check needs it. Install it with \`apt-get install -y chromium\` (.ci/run does), or point CHURN_CHROMIUM_PATH at a Chromium or Chrome binary.`,
    );
  }
  return chromium.launch({ executablePath, headless: true, args: OFFLINE_FLAGS });
}
