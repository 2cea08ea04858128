import type { Page } from 'puppeteer-core';
import { expectAccessible } from './browser.js';

/**
 * axe on the page as it is, at desktop width and at 375 px (a phone); with SCREENSHOTS set to a
 * folder, a full-page screenshot of each, `<name>-1280.png` and `<name>-375.png`, to look at.
 */
export async function accessibleAtBothWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewport({ width, height: 900 });
    await expectAccessible(page);
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewport({ width: 1280, height: 900 });
}
