import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_FIELDS } from '../lib/headers/analyze';
import { HeaderStore, OTHER_ROWS, PAGE_ROWS, VIEW_CHARS, cutLength, cutText } from './header-store';

const gmail = readFileSync('tests/fixtures/headers/gmail-authtest.eml', 'utf8').split(/\r?\n\r?\n/)[0]!;

describe('HeaderStore', () => {
  it('a view carries one page of each long list and cut strings, never the whole analysis', () => {
    const store = new HeaderStore();
    const hops = Array.from(
      { length: 1000 },
      (_, i) => `Received: from h${i}.example by h${i + 1}.example; Thu, 1 Jan 2026 00:00:00 +0000`,
    );
    const view = store.analyze(`${hops.join('\n')}\nSubject: ${'x'.repeat(1_000_000)}\n${gmail}`, null);
    expect(view.pages.hops.total).toBeGreaterThanOrEqual(1000);
    expect(view.analysis.hops).toHaveLength(PAGE_ROWS);
    const subject = view.analysis.summary.subject!.text;
    expect(cutLength(subject)).toBe(1_000_000);
    expect(cutText(subject)).toHaveLength(VIEW_CHARS);
    expect(JSON.stringify(view).length).toBeLessThan(2_000_000);
    expect(store.value(['summary', 'subject', 'text'])).toHaveLength(1_000_000);
    const last = store.page('hops', 10_000);
    expect(last.page.offset).toBe(Math.floor((view.pages.hops.total - 1) / PAGE_ROWS) * PAGE_ROWS);
    expect(store.value(['no', 'such'])).toBeNull();
  });

  it('the field cap keeps From, To, Subject, results and signatures wherever they sit', () => {
    const store = new HeaderStore();
    const filler = Array.from({ length: MAX_FIELDS + 5000 }, (_, i) => `X-Filler: ${i}`).join('\n');
    const view = store.analyze(`${filler}\n${gmail}`, null);
    expect(view.fieldCount).toBe(MAX_FIELDS);
    expect(view.analysis.summary.fromText).not.toBeNull();
    expect(view.analysis.summary.subject).not.toBeNull();
    expect(view.pages.authResults.total).toBeGreaterThan(0);
    expect(view.pages.signatures.total).toBeGreaterThan(0);
    expect(view.analysis.warnings.join(' ')).toMatch(/Only 20000 of the 25\d+ header fields were analysed/);
  });

  it('a list cut inside a view (300 signed header names) is said to be cut; a usual message says nothing', () => {
    const store = new HeaderStore();
    const names = Array.from({ length: 300 }, (_, i) => `x-h${i}`).join(':');
    const signature = `DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=from:${names}; bh=AA; b=AA`;
    const view = store.analyze(`${signature}\n${gmail}`, null);
    const signed = view.analysis.signatures.map((s) => s.signature?.headers.length ?? 0);
    expect(Math.max(...signed)).toBe(OTHER_ROWS);
    expect(view.analysis.warnings[0]).toBe(
      `Some lists in this message are longer than ${OTHER_ROWS} entries (the longest has 301); only the first ${OTHER_ROWS} of each are shown.`,
    );
    expect(store.analyze(gmail, null).analysis.warnings.join(' ')).not.toMatch(/longer than/);
  });
});
