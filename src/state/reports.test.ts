import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ZoneResolver, type Resolver } from '../lib/dns';
import { generateAggregateXml, makeReportEmail, makeZip } from '../../tests/support/report-files';
import { aggregateXml } from '../../tests/support/reports-page-scenario';
import { fixtureZone } from '../../tests/support/zones';
import type { ReportsRequest, ReportsResponse } from '../workers/reports.worker';
import { ReportOffer } from './report-offer.svelte';
import { MemoryKeep } from './reports-keep';
import { ReportsChannel, type ReportsPort } from './reports-worker';
import { ReportsState, type ReportsServices } from './reports.svelte';
import type { Route } from './routes';

// The Worker module run in-process: `self` is a stub whose posts go to the port's listener.
const scope = {
  postMessage: (_m: ReportsResponse) => undefined as void,
  onmessage: null as null | ((e: MessageEvent<ReportsRequest>) => void),
};
beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('../workers/reports.worker');
});

function inProcessPort(): ReportsPort {
  const port: ReportsPort = {
    onmessage: null,
    postMessage: (message) =>
      scope.onmessage!({ data: structuredClone(message) } as MessageEvent<ReportsRequest>),
    terminate: () => undefined,
  };
  scope.postMessage = (m) =>
    void queueMicrotask(() => port.onmessage?.({ data: m } as MessageEvent<ReportsResponse>));
  return port;
}

/** A resolver over the zone fixtures that counts its questions. */
function countingResolver(): { resolver: Resolver; asked: string[] } {
  const zone = new ZoneResolver(fixtureZone());
  const asked: string[] = [];
  return {
    asked,
    resolver: {
      query: (name, type, signal) => {
        asked.push(`${name} ${type}`);
        return zone.query(name, type, signal);
      },
    },
  };
}

function setup(keep = new MemoryKeep()) {
  const dns = countingResolver();
  const went: Route[] = [];
  const opened: string[] = [];
  const services: ReportsServices = {
    dns: { resolver: dns.resolver, mark: () => 0, since: () => [] },
    providers: () => ['Cloudflare'],
    channel: new ReportsChannel(inProcessPort),
    keep,
    openHeaders: async (text) => void opened.push(text),
    go: (route) => void went.push(route),
  };
  return { state: new ReportsState(services), asked: dns.asked, went, opened, keep };
}

const bytes = (b: Uint8Array | string) =>
  typeof b === 'string' ? new TextEncoder().encode(b) : new Uint8Array(b);
const week = () => [
  { name: 'google.zip', bytes: bytes(makeZip([0, 1, 2, 3, 4].map((d) => ({ name: `${d}.xml`, data: aggregateXml(d, 'google.com', `g-${d}`) })))) },
  { name: 'ms.xml.gz', bytes: bytes(gzipSync(aggregateXml(5, 'Outlook.com', 'ms-5'))) },
  { name: 'yahoo.eml', bytes: bytes(makeReportEmail([{ name: 'y.xml', type: 'text/xml', data: aggregateXml(6, 'Yahoo', 'y-6') }])) },
  { name: 'again.xml', bytes: bytes(aggregateXml(0, 'google.com', 'g-0')) },
]; // prettier-ignore

/** Start reading 30 large reports and return once the Worker reports progress (the read is under way). */
async function startBigRead(state: ReportsState): Promise<{ reading: Promise<void> }> {
  const big = Array.from({ length: 30 }, (_, i) => ({
    name: `r${i}.xml`,
    bytes: bytes(generateAggregateXml(2000, i + 1).xml),
  }));
  const reading = state.read(big);
  await vi.waitUntil(() => state.progress !== null, { timeout: 10_000, interval: 1 });
  // Wrapped: an async function returning the read's own promise would wait for the read to end.
  return { reading };
}

describe('ReportsState', () => {
  it('reads a zip, a gzip and an e-mail: totals, duplicates, an error entry for a broken file', async () => {
    const { state, asked } = setup();
    await state.read([...week(), { name: 'broken.json', bytes: bytes('{"policies": [') }]);
    expect(state.reading).toBe(false);
    expect(state.summary).toMatchObject({ reports: 7, duplicates: 1 });
    expect(state.summary!.errors).toEqual([expect.objectContaining({ file: 'broken.json' })]);
    const totals = state.view!.summary.totals;
    expect(totals).toMatchObject({ messages: 420, dmarcPass: 350 });
    expect(state.view!.chart.buckets).toHaveLength(7);
    expect(state.view!.summary.byReporter.map((r) => r.key)).toEqual(['google.com', 'Outlook.com', 'Yahoo']);
    // Reading asks no DNS.
    expect(asked).toEqual([]);
  });

  it('a second drop adds to the first; a report read again counts once; start over clears', async () => {
    const keep = new MemoryKeep();
    const { state } = setup(keep);
    await state.setKeep(true);
    const [google, ms, yahoo] = week();
    await state.read([google!]);
    expect(state.summary).toMatchObject({ reports: 5, drops: 1 });
    // The same zip again (five copies) with two new days.
    await state.read([google!, ms!, yahoo!]);
    expect(state.summary).toMatchObject({
      reports: 7,
      duplicates: 5,
      drops: 2,
      drop: { files: 3, reports: 2, duplicates: 5 },
      stats: { files: 4 },
    });
    expect(state.view!.summary.totals.messages).toBe(420);
    // Kept on this device: every drop's files, so a visit later reads the same week; the zip dropped again is
    // stored once, as its reports count once.
    expect(keep.files!.map((f) => f.name)).toEqual(['google.zip', 'ms.xml.gz', 'yahoo.eml']);
    expect(state.keepNote).toBe(
      '3 files are kept on this device. google.zip was already kept, so it is stored once.',
    );
    // Dropped once more, all three: nothing new is stored.
    await state.read([google!, ms!, yahoo!]);
    expect(keep.files).toHaveLength(3);
    expect(state.keepNote).toBe(
      '3 files are kept on this device. 3 of these files were already kept, so each is stored once.',
    );
    await state.startOver();
    expect(state.summary).toBeNull();
    expect(state.view).toBeNull();
    expect(state.keep).toBe(true);
    expect(keep.files).toBeNull();
    await state.read([ms!]);
    expect(state.summary).toMatchObject({ reports: 1, duplicates: 0, drops: 1 });
    expect(keep.files!.map((f) => f.name)).toEqual(['ms.xml.gz']);
  });

  it('filters by source, date and result; clearing them shows everything again', async () => {
    const { state } = setup();
    await state.read(week());
    state.source = '203.0.113.66';
    await state.refresh();
    expect(state.view!.summary.totals.messages).toBe(28);
    state.source = '';
    state.from = '2026-03-02';
    state.to = '2026-03-03';
    state.result = 'fail';
    await state.refresh();
    expect(state.view!.summary.totals).toMatchObject({ messages: 20, dmarcPass: 0 });
    state.clearFilters();
    await state.refresh();
    expect(state.view!.summary.totals.messages).toBe(420);
  });

  it('pages records and exports the filtered ones as CSV and JSON', async () => {
    const { state } = setup();
    await state.read(week());
    await state.showRecords(0);
    expect(state.records).toMatchObject({ total: 28, offset: 0 });
    await state.filterSource('167.89.1.1');
    expect(state.tab).toBe('records');
    const csv = await state.exportRecords('csv');
    expect(csv.filename).toBe('dmarc-records.csv');
    const lines = (await csv.blob.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(8);
    expect(lines.slice(1).every((l) => l.includes('167.89.1.1'))).toBe(true);
    const json = JSON.parse(await (await state.exportRecords('json')).blob.text()) as unknown[];
    expect(json).toHaveLength(7);
  });

  it('opens a source group with its addresses and why they fail', async () => {
    const { state } = setup();
    await state.read(week());
    const sendgrid = state.view!.groups.find((g) => g.label === 'SendGrid')!;
    expect(sendgrid.findings.map((f) => f.code)).toContain('dkim-not-aligned');
    await state.showGroup(sendgrid.key);
    expect(state.groupIps!.items.map((s) => s.ip)).toEqual(['167.89.1.1']);
    await state.showGroup(null);
    expect(state.groupIps).toBeNull();
  });

  it('asks no DNS until the person opts in; then names sources by confirmed reverse DNS', async () => {
    const { state, asked } = setup();
    await state.read(week());
    await state.lookups.lookup(state.filter);
    expect(asked).toEqual([]);
    state.lookups.reverseDns = true;
    await state.lookups.lookup(state.filter);
    expect(asked).toContain('25.2.0.192.in-addr.arpa PTR');
    expect(asked.every((q) => / (PTR|A|AAAA)$/.test(q))).toBe(true);
    expect(state.lookups.run).toMatchObject({ state: 'done', total: 4 });
    expect(state.view!.groups.map((g) => g.key)).toContain('org:good.example');
  });

  it('ASN, when chosen, asks Team Cymru’s DNS names through the same resolver', async () => {
    const { state, asked } = setup();
    await state.read(week());
    state.lookups.asn = true;
    await state.lookups.lookup(state.filter);
    expect(asked).toContain('25.2.0.192.origin.asn.cymru.com TXT');
    expect(asked.every((q) => q.endsWith('.asn.cymru.com TXT'))).toBe(true);
  });

  it('reading starts with the first await: a second drop waits, and Cancel while the files are kept reads nothing (found in review)', async () => {
    const keep = new MemoryKeep();
    const { state } = setup(keep);
    await state.setKeep(true);
    const [google] = week();
    const reading = state.read([google!]);
    expect(state.reading).toBe(true);
    await state.cancel();
    await reading;
    expect(state.reading).toBe(false);
    expect(state.summary).toBeNull();
    expect(state.error).toBeNull();
  });

  it('cancelling a read keeps what was read so far', async () => {
    const { state } = setup();
    const { reading } = await startBigRead(state);
    await state.cancel();
    await reading;
    expect(state.summary!.cancelled).toBe(true);
    expect(state.summary!.reports).toBeLessThan(30);
    // A big read on a loaded machine: the time allowed is generous, what is asserted is what was kept.
  }, 30_000);

  it('“Forget everything” during a read ends the read: nothing read, no error, the drop zone usable again', async () => {
    const { state } = setup();
    const { reading } = await startBigRead(state);
    await state.forgetAll();
    await reading;
    expect(state.reading).toBe(false);
    expect(state.summary).toBeNull();
    expect(state.error).toBeNull();
    await state.read(week());
    expect(state.summary).toMatchObject({ reports: 7, drops: 1 });
  });

  it('cancelling an added drop keeps the earlier drops and what this one read so far', async () => {
    const { state } = setup();
    await state.read(week());
    const big = Array.from({ length: 30 }, (_, i) => ({
      name: `r${i}.xml`,
      bytes: bytes(generateAggregateXml(2000, i + 1).xml),
    }));
    const reading = state.read(big);
    await vi.waitUntil(() => state.progress?.filesTotal === 30, { timeout: 10_000, interval: 1 });
    await state.cancel();
    await reading;
    expect(state.summary).toMatchObject({ cancelled: true, drops: 2 });
    expect(state.summary!.reports).toBeGreaterThanOrEqual(7);
    expect(state.summary!.reports).toBeLessThan(37);
    expect(state.summary!.errors.filter((e) => e.code === 'cancelled')).toHaveLength(1);
    expect(state.view!.summary.totals.messages).toBeGreaterThanOrEqual(420);
  });

  it('re-checks SPF today: which include authorizes each source', async () => {
    const { state } = setup();
    await state.read(week());
    await state.lookups.recheckDomain('good.example', state.filter);
    const run = state.lookups.recheck;
    expect(run.state).toBe('done');
    if (run.state !== 'done') return;
    const by = Object.fromEntries(run.rows.map((r) => [r.ip, r]));
    expect(by['198.51.100.7']).toMatchObject({ result: 'pass', authorizedBy: 'include:_spf.mailer.example' });
    expect(by['203.0.113.66']).toMatchObject({
      result: 'fail',
      standing: 'not-authorized',
      authorizedBy: null,
      failingInReports: 28,
    });
    expect(run.tally).toMatchObject({ authorized: 2, notAuthorized: 2, couldNotCheck: [] });
    expect(run.dmarcRecord).toMatch(/^v=DMARC1; p=reject/);
  });

  it('re-check: a DNS failure is “could not check”, never counted as not authorized (RFC 7208 §2.6.6)', async () => {
    const { state } = setup();
    // slow.example's TXT lookups time out in the fixture zone.
    const slow = aggregateXml(1, 'google.com', 'slow-1').replaceAll('good.example', 'slow.example');
    await state.read([{ name: 'slow.xml', bytes: bytes(slow) }]);
    await state.lookups.recheckDomain('slow.example', state.filter);
    const run = state.lookups.recheck;
    expect(run.state).toBe('done');
    if (run.state !== 'done') return;
    expect(run.rows.length).toBeGreaterThan(0);
    expect(run.rows.every((r) => r.result === 'temperror' && r.standing === 'could-not-check')).toBe(true);
    expect(run.tally).toEqual({
      authorized: 0,
      notAuthorized: 0,
      couldNotCheck: [{ result: 'temperror', count: run.rows.length }],
    });
  });

  it('hands a failure report’s original headers to the header analysis, in memory', async () => {
    const { state, opened, went } = setup();
    const ruf = readFileSync('tests/fixtures/reports/failure/parsedmarc/dmarc_ruf_report_linkedin.eml');
    await state.read([{ name: 'ruf.eml', bytes: new Uint8Array(ruf) }]);
    const item = state.view!.failures[0]!.items[0]!;
    expect(item.hasHeaders).toBe(true);
    await state.openFailure(item.index);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toContain('Subject: Subject line, could be UTF8 encoded');
    expect(went).toEqual([]);
  });

  it('keeps files on this device only when asked, restores them, and forgets everything', async () => {
    const keep = new MemoryKeep();
    const first = setup(keep).state;
    await first.read(week());
    expect(keep.files).toBeNull();
    await first.setKeep(true);
    await first.read(week());
    expect(keep.files).toHaveLength(4);
    const next = setup(keep).state;
    await next.restore();
    expect(next.keep).toBe(true);
    expect(next.view!.summary.totals.messages).toBe(420);
    expect(next.keepNote).toBe('Read 4 files kept on this device.');
    await next.forgetAll();
    expect(keep.files).toBeNull();
    expect(next.view).toBeNull();
    expect(next.summary).toBeNull();
    expect(next.keep).toBe(false);
  });

  it('a store an older version filled with the same file twice holds one copy once read back', async () => {
    const keep = new MemoryKeep();
    const [google, ms] = week();
    keep.files = [google!, ms!, google!];
    // One state per test: the in-process Worker answers the channel that connected last.
    const state = setup(keep).state;
    await state.restore();
    expect(keep.files.map((f) => f.name)).toEqual(['google.zip', 'ms.xml.gz']);
    expect(state.keepNote).toBe(
      'Read 3 files kept on this device. 1 of them was a copy of another, now stored once.',
    );
    // Turned off and on again: nothing is kept any more, so the same file is stored again.
    await state.setKeep(false);
    expect(keep.files).toBeNull();
    await state.setKeep(true);
    await state.read([google!]);
    expect(keep.files!.map((f) => f.name)).toEqual(['google.zip']);
    expect(state.keepNote).toBe('1 file is kept on this device.');
  });
});

describe('ReportOffer', () => {
  it('offers report files dropped on the header analysis, and not messages', async () => {
    const opened: File[][] = [];
    const offer = new ReportOffer(async (files) => void opened.push(files));
    await offer.check(new File([aggregateXml(0, 'google.com', 'g-0')], 'r.xml'));
    expect(offer.offer?.kind).toBe('dmarc-aggregate');
    await offer.open();
    expect(opened[0]!.map((f) => f.name)).toEqual(['r.xml']);
    expect(offer.offer).toBeNull();
    await offer.check('From: a@example.com\nSubject: hi\n\nbody');
    expect(offer.offer).toBeNull();
    await offer.check(new File([gzipSync('x')], 'a.gz'));
    expect(offer.offer?.kind).toBe('archive');
  });
});
