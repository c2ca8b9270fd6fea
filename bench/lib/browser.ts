/** Debian's Chromium through playwright (never a downloaded browser), with the bench's flags. */
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../test/chromium.js';

export const CHROMIUM = chromiumPath;
// The suites' flags, plus precise memory figures for the memory benchmark.
const ARGS = [...chromiumArgs, '--enable-precise-memory-info'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true, timeout: 30_000 });
}

/** A fresh page whose console errors are kept (printed when `PRESENTLY_BENCH_VERBOSE` is set). */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => process.env.PRESENTLY_BENCH_VERBOSE && console.error('[page]', e.message));
  page.on('console', (m) => process.env.PRESENTLY_BENCH_VERBOSE && console.error('[page]', m.type(), m.text()));
  return page;
}

export async function chromiumVersion(browser?: Browser): Promise<string> {
  if (browser) return browser.version();
  const b = await launchChromium();
  try {
    return b.version();
  } finally {
    await b.close();
  }
}
