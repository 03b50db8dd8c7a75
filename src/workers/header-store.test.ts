import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZoneResolver, type DohResponse, type Resolver } from '../lib/dns';
import { MAX_FIELDS } from '../lib/headers/analyze';
import { fixtureZone } from '../../tests/support/zones';
import {
  HeaderStore,
  OTHER_ROWS,
  PAGE_ROWS,
  VIEW_CHARS,
  cutLength,
  cutText,
  fromHeaderStart,
  unreadSignatures,
} from './header-store';

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

describe('fromHeaderStart: the verifier reads from where the analysis found the header section', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('cuts the skipped text from a paste', () => {
    expect(fromHeaderStart('junk\n\nFrom: a@b.example\n\nbody', 'junk\n\n')).toBe(
      'From: a@b.example\n\nbody',
    );
  });
  it('skips the same lines in a file’s bytes, whatever their encoding, and a byte-order mark', () => {
    const cut = (bytes: Uint8Array, skipped: string) =>
      new TextDecoder().decode(fromHeaderStart(bytes, skipped) as Uint8Array);
    // Non-ASCII text before the header: its bytes outnumber its characters.
    expect(cut(enc('Grüße – née\r\n\r\nFrom: a@b.example\r\n'), 'Grüße – née\r\n\r\n')).toBe(
      'From: a@b.example\r\n',
    );
    // A lone CR and a lone LF each end one line.
    expect(cut(enc('a\rb\nFrom: x\n'), 'a\rb\n')).toBe('From: x\n');
    // The UTF-8 decoder drops a byte-order mark: nothing skipped in the text, three bytes in the file.
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('From: x\n')]);
    expect(cut(bom, '')).toBe('From: x\n');
  });
});

describe('unreadSignatures: a verification never ends silently with fewer results than the analysis showed', () => {
  it('names what got no result, and nothing when every signature was checked', () => {
    expect(unreadSignatures(1, 2, 1, { result: 'pass' })).toBeNull();
    expect(unreadSignatures(0, 0, 0, { result: 'none' })).toBeNull();
    expect(unreadSignatures(1, 2, 0, { result: 'none' })).toBe(
      'The verifier could not find the DKIM signature and the ARC chain in the message as it read it, so no result is shown for them. Drop the .eml file to verify the message as it was received.',
    );
    expect(unreadSignatures(3, 0, 1, { result: 'none' })).toMatch(/find 2 of the 3 DKIM signatures in/);
    expect(unreadSignatures(2, 2, 2, { result: 'none' })).toMatch(/could not find the ARC chain .* for it\./);
  });

  // The page's policy lookup analyses the same message again while a verification may run: it goes on, and its
  // verdict is the newest analysis's. Another message ends it.
  it('a verification goes on through a re-analysis of the same message and ends on another message', async () => {
    const message = stalwartSilent();
    const zone = new ZoneResolver(fixtureZone());
    const held: Array<() => void> = [];
    const slow: Resolver = {
      query: (name, type, signal) =>
        new Promise<DohResponse>((resolve, reject) =>
          held.push(() => void zone.query(name, type, signal).then(resolve, reject)),
        ),
    };
    /** Answer the held questions until `run` settles. */
    const release = async (run: Promise<unknown>) => {
      let settled = false;
      void run.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (let i = 0; i < 500 && !settled; i++) {
        held.splice(0).forEach((go) => go());
        await new Promise((r) => setTimeout(r, 0));
      }
    };
    const store = new HeaderStore();
    store.analyze(message, null);
    const same = store.verify(slow);
    const relaxed = { adkim: 'r', aspf: 'r', p: 'none', source: '_dmarc.manchego.org' } as const;
    store.analyze(message, relaxed);
    await release(same);
    const done = await same;
    expect(done.verdict.sentence).toContain('so DMARC likely passed under the policy at _dmarc.manchego.org');
    const other = store.verify(slow);
    store.analyze(gmail, null);
    await release(other);
    await expect(other).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/** Stalwart's signed message without its Authentication-Results (the receiver's view not in the headers). */
function stalwartSilent(): string {
  const text = readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1');
  return text.slice(text.indexOf('\n\n') + 2).replace(/^Authentication-Results:.*\n(?:[ \t].*\n)*/gm, '');
}
