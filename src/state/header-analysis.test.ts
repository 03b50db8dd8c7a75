import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ZoneResolver, type DohResponse, type Resolver } from '../lib/dns';
import { fixtureZone } from '../../tests/support/zones';
import {
  HeaderAnalysisState,
  MAX_SHOWN_CHARS,
  PAGE_ROWS,
  type HeaderServices,
  type SignatureCheck,
} from './header-analysis.svelte';
import type { Route } from './routes';
import { packText } from './share';
import { cutLength, LocalEngine } from '../workers/header-store';

function services(resolver: Resolver = new ZoneResolver(fixtureZone())) {
  const went: Array<{ route: Route; replace: boolean }> = [];
  const s: HeaderServices = {
    dns: { resolver, mark: () => 0, since: () => [] },
    router: { go: (route, options) => went.push({ route, replace: options?.replace ?? false }) },
    baseUrl: () => 'https://authlens.example/',
    engine: new LocalEngine(),
  };
  return { s, went };
}

/** A resolver that answers only when released (or rejects once aborted, as the DoH client does). */
function gated(inner: Resolver) {
  const waiting: Array<() => void> = [];
  const resolver: Resolver = {
    query: (name, type, signal) =>
      new Promise<DohResponse>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        waiting.push(() => void inner.query(name, type, signal).then(resolve, reject));
      }),
  };
  return {
    resolver,
    /** Answer every question until `run` settles. */
    async drain(run: Promise<unknown>) {
      let settled = false;
      void run.finally(() => (settled = true));
      for (let i = 0; i < 500 && !settled; i++) {
        waiting.splice(0).forEach((go) => go());
        await new Promise((r) => setTimeout(r, 0));
      }
      await run;
    },
  };
}

/** A resolver whose questions wait until `answer` releases the DKIM key lookups, or the others (the policy's). */
function byName(inner: Resolver) {
  const waiting: Array<{ name: string; go: () => void }> = [];
  const resolver: Resolver = {
    query: (name, type, signal) =>
      new Promise<DohResponse>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        waiting.push({ name, go: () => void inner.query(name, type, signal).then(resolve, reject) });
      }),
  };
  return {
    resolver,
    /** Answer the key lookups, or the other questions, until `run` settles; the rest keep waiting. */
    async answer(which: 'keys' | 'policy', run: Promise<unknown>) {
      let settled = false;
      void run.finally(() => (settled = true));
      for (let i = 0; i < 500 && !settled; i++) {
        for (let j = waiting.length - 1; j >= 0; j--)
          if (waiting[j]!.name.includes('._domainkey.') === (which === 'keys')) waiting.splice(j, 1)[0]!.go();
        await new Promise((r) => setTimeout(r, 0));
      }
      await run;
    },
  };
}

/** A header analysis of `text` whose DNS questions wait until `drain` answers them. */
async function gatedAnalysis(text: string) {
  const g = gated(new ZoneResolver(fixtureZone()));
  const ha = new HeaderAnalysisState(services(g.resolver).s);
  await ha.loadText(text);
  return { ha, drain: g.drain };
}

/**
 * A DNS run on the analysis of `text` (`start`, whose state `state` reads) is cancelled as soon as a new paste is
 * analysed, and its late answer is dropped: the section is ready for the new message.
 */
async function expectNewPasteCancels(
  text: string,
  start: (ha: HeaderAnalysisState) => Promise<void>,
  state: (ha: HeaderAnalysisState) => string,
): Promise<void> {
  const { ha, drain } = await gatedAnalysis(text);
  const run = start(ha);
  await Promise.resolve();
  expect(state(ha)).toBe('running');
  await ha.loadText(gmail);
  expect(state(ha)).toBe('idle');
  await drain(run);
  expect(state(ha)).toBe('idle');
}

const gmail = readFileSync('tests/fixtures/headers/gmail-authtest.eml', 'utf8');
const outlook = readFileSync('tests/fixtures/headers/outlook-compauth.eml', 'utf8');
const stalwart = (() => {
  const text = readFileSync('tests/fixtures/arc/stalwart/002.txt', 'latin1');
  return text.slice(text.indexOf('\n\n') + 2);
})();

/** Run "Verify signatures" and return its finished check (a test fails at once if it did not finish). */
async function verified(ha: HeaderAnalysisState): Promise<Extract<SignatureCheck, { state: 'done' }>> {
  await ha.verifySignatures();
  const check = ha.signatureCheck;
  if (check.state !== 'done') throw new Error(`verification ended ${check.state}`);
  return check;
}

/**
 * Stalwart's message, verified and its policy looked up (manchego.org publishes none): the verification found the
 * signature valid, and the verdict is the new analysis's with that added (verdict and report).
 */
function expectVerifiedUnderNoRecord(ha: HeaderAnalysisState): void {
  const check = ha.signatureCheck;
  if (check.state !== 'done') throw new Error(`verification ended ${check.state}`);
  expect(check.verdictUpdated).toBe(true);
  expect(check.dkim.map((d) => [d.domain, d.result])).toContainEqual(['manchego.org', 'pass']);
  expect(ha.analysis?.verdict.computed).toBe('none');
  expect(ha.verdict).toMatchObject({ computed: 'none' });
  expect(ha.verdict!.sentence).toMatch(/^manchego\.org publishes no DMARC policy \(the lookup of/);
  expect(ha.verdict!.sentence).toContain(
    'The DKIM signature of manchego.org (s=rsa) was verified here as valid',
  );
  expect(ha.markdown).toContain('was verified here as valid');
}

describe('HeaderAnalysisState', () => {
  it('loads text, an example and a file; each replaces what was known about the last', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadText(gmail);
    expect(ha.analysis?.verdict.computed).toBe('unknown');
    await ha.loadExample('outlook');
    expect(ha.analysis?.verdict.computed).toBe('fail');
    expect(ha.fileName).toBeNull();
    await ha.loadFile(new File([gmail], 'gmail.eml'));
    expect(ha.fileName).toBe('gmail.eml');
    await ha.loadText(outlook);
    expect(ha.fileName).toBeNull();
  });

  it('asks for input instead of analysing nothing', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.analyze();
    expect(ha.error).toMatch(/Paste the message headers first/);
    expect(ha.analysis).toBeNull();
  });

  it('verifies signatures over the dropped file’s bytes', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadFile(new File([Buffer.from(stalwart, 'latin1')], 'chain.eml'));
    const check = await verified(ha);
    expect(check.exact).toBe(true);
    expect(check.arc.result).toBe('pass');
  });

  it('verifies from the header start the analysis used, after lines it skipped (pasted and dropped)', async () => {
    // Stalwart's corpus files hold key lines and a blank line above the message; the review pasted one.
    const junk = `Original message\n\n${stalwart}`;
    const pasted = new HeaderAnalysisState(services().s);
    await pasted.loadText(junk);
    expect(pasted.analysis?.warnings.join()).toMatch(/1 line before the first header field was skipped/);
    const check = await verified(pasted);
    expect(check.dkim.map((d) => [d.domain, d.result])).toContainEqual(['manchego.org', 'pass']);
    expect(check.arc.result).toBe('pass');
    expect(check.unread).toBeNull();
    // A file's bytes: a byte-order mark and CRLF line ends before an mbox "From " line.
    const bytes = Buffer.from(`\ufeffFrom andris Mon Oct 26 14:43:29 2020\r\n${stalwart}`, 'latin1');
    const dropped = new HeaderAnalysisState(services().s);
    await dropped.loadFile(
      new File([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes.subarray(1)])], 'm.eml'),
    );
    const exact = await verified(dropped);
    expect(exact.exact).toBe(true);
    expect(exact.arc.result).toBe('pass');
  });

  it('the verdict and the report take in what the verification found; a new paste starts from the receiver again', async () => {
    // Stalwart's message without its Authentication-Results: the receiver's view is not in the headers.
    const silent = stalwart.replace(/^Authentication-Results:.*\n(?:[ \t].*\n)*/gm, '');
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadFile(new File([Buffer.from(silent, 'latin1')], 'silent.eml'));
    const before = ha.verdict!;
    expect(before).toBe(ha.analysis?.verdict);
    expect(ha.markdown).not.toContain('was verified here as valid');
    const check = await verified(ha);
    expect(check.dkim.map((d) => [d.domain, d.result])).toContainEqual(['manchego.org', 'pass']);
    expect(check.verdictUpdated).toBe(true);
    expect(ha.verdict).toMatchObject({ computed: before.computed, reported: null });
    expect(ha.verdict!.sentence).toMatch(
      /^The DKIM signature of manchego\.org \(s=rsa\) was verified here as valid/,
    );
    expect(ha.markdown).toContain('was verified here as valid');
    await ha.loadText(gmail);
    expect(ha.verdict).toBe(ha.analysis?.verdict);
    expect(ha.verdict!.sentence).not.toContain('verified here');
  });

  it('a policy lookup after “Verify signatures” keeps the verification, applied to the new verdict', async () => {
    const silent = stalwart.replace(/^Authentication-Results:.*\n(?:[ \t].*\n)*/gm, '');
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadFile(new File([Buffer.from(silent, 'latin1')], 'silent.eml'));
    await ha.verifySignatures();
    expect(ha.verdict!.sentence).toContain('DMARC would likely pass if manchego.org publishes a policy');
    await ha.lookupPolicy();
    expect(ha.policy).toMatchObject({ state: 'done', domain: 'manchego.org' });
    expectVerifiedUnderNoRecord(ha);
    // Another message still starts from the receiver's results.
    await ha.loadText(gmail);
    expect(ha.signatureCheck.state).toBe('idle');
  });

  // The lookup re-analyses the same message: the verification of it goes on (found in review: it was reset).
  it.each([
    ['the policy answers first: the verification ends after the re-analysis', ['policy', 'keys'] as const],
    ['the keys answer first: the verification ends before the re-analysis', ['keys', 'policy'] as const],
  ])(
    'a policy lookup started while “Verify signatures” runs keeps it, applied to the new verdict: %s',
    async (_, order) => {
      const silent = stalwart.replace(/^Authentication-Results:.*\n(?:[ \t].*\n)*/gm, '');
      const g = byName(new ZoneResolver(fixtureZone()));
      const ha = new HeaderAnalysisState(services(g.resolver).s);
      await ha.loadFile(new File([Buffer.from(silent, 'latin1')], 'silent.eml'));
      const verifying = ha.verifySignatures();
      const looking = ha.lookupPolicy();
      await new Promise((r) => setTimeout(r, 0));
      expect([ha.signatureCheck.state, ha.policy.state]).toEqual(['running', 'running']);
      await g.answer(order[0], order[0] === 'policy' ? looking : verifying);
      expect(ha.signatureCheck.state).toBe(order[0] === 'policy' ? 'running' : 'done');
      await g.answer(order[1], Promise.all([verifying, looking]));
      expect(ha.policy).toMatchObject({ state: 'done', domain: 'manchego.org' });
      expectVerifiedUnderNoRecord(ha);
    },
  );

  it('a verification still running when a new paste is analysed is cancelled and its state reset', async () => {
    await expectNewPasteCancels(
      stalwart,
      (ha) => ha.verifySignatures(),
      (ha) => ha.signatureCheck.state,
    );
  });

  it('re-checks SPF for the connecting IP today; a new paste cancels the run', async () => {
    const newsletter = [
      'Authentication-Results: mx.final.example; spf=softfail smtp.mailfrom=bounce.news.headtrust.example smtp.remote-ip=203.0.113.44; dmarc=fail header.from=brand.example',
      'Received: from out.esp.example ([203.0.113.44]) by mx.final.example; Mon, 1 Jan 2024 10:00:00 +0000',
      'From: news@brand.example',
    ].join('\n');
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadText(newsletter);
    await ha.recheckSpf();
    const done = ha.spfRecheck;
    expect(done.state === 'done' && [done.input.ip, done.input.said, done.result.result]).toEqual([
      '203.0.113.44',
      'softfail',
      'pass',
    ]);
    expect(done.state === 'done' && done.result.decidedBy?.term).toBe('ip4:203.0.113.0/24');
    await expectNewPasteCancels(
      newsletter,
      (ha) => ha.recheckSpf(),
      (ha) => ha.spfRecheck.state,
    );
  });

  it('a DNS failure in the re-check reads as could not check, never as a changed result (RFC 7208 §2.6.6)', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadText(
      [
        'Authentication-Results: mx.final.example; spf=pass smtp.mailfrom=bounce@slow.example smtp.remote-ip=192.0.2.30',
        'From: info@slow.example',
      ].join('\n'),
    );
    await ha.recheckSpf();
    const done = ha.spfRecheck;
    expect(done.state === 'done' && [done.input.said, done.result.result, done.comparison]).toEqual([
      'pass',
      'temperror',
      'unchecked',
    ]);
  });

  it('a verification can be cancelled, and the card offers it again', async () => {
    const { ha, drain } = await gatedAnalysis(stalwart);
    const verifying = ha.verifySignatures();
    expect(ha.signatureCheck.state).toBe('running');
    ha.cancelVerification();
    expect(ha.signatureCheck.state).toBe('idle');
    await drain(verifying);
    expect(ha.signatureCheck.state).toBe('idle');
    await drain(ha.verifySignatures());
    expect(ha.signatureCheck.state).toBe('done');
  });

  it('a paste over 1 MB stays out of the text box, is analysed at once, and can be edited as text', async () => {
    const ha = new HeaderAnalysisState(services().s);
    expect(ha.pasted(gmail)).toBe(false);
    const big = `${gmail.split(/\r?\n\r?\n/)[0]}\nX-Filler: ${'a'.repeat(MAX_SHOWN_CHARS)}\n`;
    expect(ha.pasted(big)).toBe(true);
    expect(ha.text).toBe('');
    expect(ha.large?.head[0]).toMatch(/^[\w-]+:/);
    await vi.waitFor(() => expect(ha.analysis?.verdict.computed).toBe('unknown'));
    ha.editAsText();
    expect(ha.large).toBeNull();
    expect(ha.text).toBe(big);
  });

  it('long lists come in pages, and a cut value is sent whole on request', async () => {
    const ha = new HeaderAnalysisState(services().s);
    const head = gmail.split(/\r?\n\r?\n/)[0]!;
    const filler = Array.from({ length: 450 }, (_, i) => `X-Filler-${i}: ${i}`).join('\n');
    await ha.loadText(`Subject: ${'s'.repeat(50_000)}\n${filler}\n${head}\n`);
    expect(ha.pages?.fields).toEqual({ offset: 0, total: ha.fieldCount });
    expect(ha.analysis?.fields).toHaveLength(PAGE_ROWS);
    const subject = ha.analysis!.summary.subject!.text;
    expect(cutLength(subject)).toBe(50_000);
    expect(await ha.wholeValue(['summary', 'subject', 'text'])).toBe('s'.repeat(50_000));
    await ha.showPage('fields', 400);
    expect(ha.pages?.fields.offset).toBe(400);
    expect(ha.analysis?.fields[0]?.name).toBe('X-Filler-399');
    await ha.showPage('fields', 0, 'x-filler-44');
    expect(ha.pages?.fields.total).toBe(11);
    expect(await ha.wholeValue(['fields', 1, 'value'])).toBe('440');
    expect(ha.markdown).toMatch(/^# Message header analysis/);
  });

  it('two lists turned at once both land; a page the Worker cannot give is said, never a page that stays', async () => {
    const { s } = services();
    const ha = new HeaderAnalysisState(s);
    const head = gmail.split(/\r?\n\r?\n/)[0]!;
    const filler = Array.from({ length: 120 }, (_, i) => `X-Filler-${i}: ${i}`).join('\n');
    const hops = Array.from(
      { length: 120 },
      (_, i) => `Received: from h${i}.example by h${i + 1}.example; Mon, 1 Jan 2024 00:00:00 +0000`,
    );
    await ha.loadText(`${hops.join('\n')}\n${filler}\n${head}\n`);
    await Promise.all([ha.showPage('fields', PAGE_ROWS), ha.showPage('hops', PAGE_ROWS)]);
    expect(ha.pages?.fields.offset).toBe(PAGE_ROWS);
    expect(ha.pages?.hops.offset).toBe(PAGE_ROWS);
    // A newer analysis ending the Worker is no failure: nothing is said (its result replaces the view).
    s.engine.page = () =>
      Promise.reject(new DOMException('A newer analysis replaced this one.', 'AbortError'));
    await ha.showPage('fields', 0);
    expect(ha.error).toBeNull();
    s.engine.page = () => Promise.reject(new Error('The worker failed.'));
    await ha.showPage('fields', 0);
    expect(ha.pages?.fields.offset).toBe(PAGE_ROWS);
    expect(ha.error).toBe(
      'That page could not be shown (The worker failed.). Press Analyse to read the message again.',
    );
  });

  it('the DMARC policy belongs to the message it was looked up for', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadText(gmail.replace(/^From: .*$/m, 'From: Someone <someone@good.example>'));
    await ha.lookupPolicy();
    expect(ha.policy).toMatchObject({ state: 'done', domain: 'good.example' });
    expect(ha.policy.state === 'done' && ha.policy.message).toMatch(
      /Policy reject from _dmarc\.good\.example/,
    );
    await ha.analyze();
    expect(ha.policy.state).toBe('done');
    await ha.loadText(outlook);
    expect(ha.policy.state).toBe('idle');
  });

  it('a lookup that finds no DMARC record makes DMARC not apply; a failed lookup judges nothing', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadText(gmail);
    await ha.lookupPolicy();
    expect(ha.policy.state === 'done' && ha.policy.message).toMatch(
      /ekiri\.ee publishes no usable DMARC record/,
    );
    expect(ha.analysis?.verdict.computed).toBe('none');
    const failing: Resolver = { query: () => Promise.reject(new Error('timeout')) };
    const down = new HeaderAnalysisState(services(failing).s);
    await down.loadText(gmail);
    await down.lookupPolicy();
    expect(down.policy.state === 'done' && down.policy.policy).toBeNull();
    expect(down.analysis?.verdict.computed).toBe('unknown');
  });

  it('a failed lookup is said in the verdict (could not be checked), and trying again can succeed', async () => {
    const zone = new ZoneResolver(fixtureZone());
    let up = false;
    const flaky: Resolver = {
      query: (name, type, signal) =>
        up ? zone.query(name, type, signal) : Promise.reject(new Error('timeout')),
    };
    const ha = new HeaderAnalysisState(services(flaky).s);
    await ha.loadText(gmail);
    await ha.lookupPolicy();
    expect(ha.policy.state === 'done' && ha.policy.message).toMatch(/could not be checked/);
    expect(ha.verdict).toMatchObject({ computed: 'unknown' });
    expect(ha.verdict!.sentence).toContain(
      'ekiri.ee’s DMARC policy could not be checked (the DNS lookup of _dmarc.ekiri.ee failed)',
    );
    expect(ha.verdict!.detail).toMatch(/Try the lookup again to judge it\.$/);
    up = true;
    await ha.lookupPolicy();
    expect(ha.verdict).toMatchObject({ computed: 'none' });
    expect(ha.verdict!.sentence).not.toMatch(/could not be checked/);
  });

  it('a policy lookup in flight when the paste changes is dropped', async () => {
    const { ha, drain } = await gatedAnalysis(gmail);
    const looking = ha.lookupPolicy();
    await new Promise((r) => setTimeout(r, 0));
    expect(ha.policy.state).toBe('running');
    await ha.loadText(outlook);
    await drain(looking);
    expect(ha.policy.state).toBe('idle');
    expect(ha.analysis?.verdict.computed).toBe('fail');
  });

  it('a share link round-trips; Clear takes the headers out of the URL, replacing the history entry', async () => {
    const { s, went } = services();
    const ha = new HeaderAnalysisState(s);
    await ha.loadText(gmail);
    await ha.makeShareLink();
    const share = ha.share;
    if (!share?.ok) throw new Error('no link');
    expect(share.url).toMatch(/^https:\/\/authlens\.example\/#\/headers\?h=[A-Za-z0-9_-]+$/);

    const other = new HeaderAnalysisState(s);
    await other.loadShared(share.url.split('h=')[1]!);
    expect(other.fromLink).toBe(true);
    expect(other.text).toBe(gmail);
    other.clear();
    expect(other.text).toBe('');
    expect(other.analysis).toBeNull();
    expect(other.fromLink).toBe(false);
    expect(went).toEqual([{ route: { page: 'headers', shared: null }, replace: true }]);

    // Clearing pasted headers leaves the URL alone.
    ha.clear();
    expect(went).toHaveLength(1);
  });

  it('a damaged share link says so', async () => {
    const ha = new HeaderAnalysisState(services().s);
    await ha.loadShared('%%%');
    expect(ha.error).toBe('This shared link is damaged; its headers could not be read.');
    await ha.loadShared(await packText(gmail));
    expect(ha.error).toBeNull();
    expect(ha.analysis).not.toBeNull();
  });
});
