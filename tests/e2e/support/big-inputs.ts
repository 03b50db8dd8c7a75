// The header page's huge inputs, shared by the e2e scale tests (which assert behaviour) and the page bench (which
// prints the longest main-thread task of each): a 25 MB paste, a 25 MB message verified, a 10 MB header line and
// 20,000 hops. Inputs are built inside the page, so what is measured is the app's work, not Playwright's transfer.

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const MB = 1024 * 1024;

/** A real message's header block (Fastmail bounce), repeated to build big pastes. */
export function headerBlock(): string {
  return readFileSync('tests/fixtures/headers/fastmail-bounce.eml', 'utf8')
    .split(/\r?\n\r?\n/)[0]!
    .trim();
}

/** The Stalwart two-hop ARC chain with its DKIM signatures; its keys are in the zone fixtures. */
export function signedMessage(): string {
  const text = readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1');
  return text.slice(text.indexOf('\n\n') + 2);
}

/** Start recording long tasks (buffered, so a task already under way when the page loaded is not lost). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number; __observer?: PerformanceObserver };
    w.__longest = 0;
    w.__observer?.disconnect();
    w.__observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    });
    w.__observer.observe({ type: 'longtask' });
  });
}

/** The longest main-thread task since watchLongTasks, in ms (0 when none reached 50 ms). */
export async function longestTask(page: Page): Promise<number> {
  // Let the observer deliver the last entries.
  await page.waitForTimeout(200);
  return page.evaluate(() => (window as unknown as { __longest: number }).__longest);
}

/** Put `size` bytes of text made of `unit` repeated (joined by `joiner`) on a synthetic clipboard in the page. */
export async function prepareClipboard(
  page: Page,
  spec: { unit: string; joiner: string; size: number; prefix?: string; suffix?: string },
): Promise<void> {
  await page.evaluate(({ unit, joiner, size, prefix = '', suffix = '' }) => {
    const count = Math.ceil(size / (unit.length + joiner.length));
    const text = `${prefix}${Array.from({ length: count }, () => unit).join(joiner)}`.slice(0, size) + suffix;
    const data = new DataTransfer();
    data.setData('text/plain', text);
    (window as unknown as { __clip: DataTransfer }).__clip = data;
  }, spec);
}

/** Paste the prepared clipboard into the headers box, as Ctrl+V would. */
export async function pastePrepared(page: Page): Promise<void> {
  // The headers page is a lazy route: on a busy machine its text box may not be there yet.
  await page.locator('#headers').waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    const data = (window as unknown as { __clip: DataTransfer }).__clip;
    const box = document.getElementById('headers')!;
    box.focus();
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
}

/** A 25 MB .eml in the page: the signed message with its body grown to 25 MB (so its body hash no longer matches). */
export async function prepareBigMessage(page: Page, message: string, size = 25 * MB): Promise<void> {
  await page.evaluate(
    ({ message, size }) => {
      const line = 'The quick brown fox jumps over the lazy dog. 0123456789 abcdefghijklmnopqrstuvwxyz\r\n';
      const body = line.repeat(Math.floor((size - 2 * message.length) / line.length));
      const bytes = new TextEncoder().encode(message.replace(/\r?\n/g, '\r\n') + body);
      (window as unknown as { __eml: File }).__eml = new File([bytes], 'huge-signed.eml', {
        type: 'message/rfc822',
      });
    },
    { message, size },
  );
}

/** Drop the prepared .eml on the input card. */
export async function dropPrepared(page: Page): Promise<void> {
  await page.locator('#headers').waitFor({ timeout: 60_000 });
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add((window as unknown as { __eml: File }).__eml);
    const card = document.getElementById('headers')!.closest('section')!;
    card.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
}

/** The page is not wider than the window (no long value pushed it sideways). */
export async function pageWidth(page: Page): Promise<{ scroll: number; client: number }> {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
}
