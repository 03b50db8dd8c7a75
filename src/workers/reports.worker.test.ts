import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateAggregateXml, makeReportEmail, makeZip } from '../../tests/support/report-files';
import type { ReportsRequest, ReportsResponse } from './reports.worker';

// The worker module talks to `self`; here `self` is a stub that collects what it posts.
const posted: ReportsResponse[] = [];
let deliver: (message: ReportsRequest) => void;

beforeAll(async () => {
  const scope = {
    postMessage: (m: ReportsResponse) => posted.push(m),
    onmessage: null as null | ((e: MessageEvent<ReportsRequest>) => void),
  };
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('./reports.worker');
  deliver = (message) => scope.onmessage!({ data: message } as MessageEvent<ReportsRequest>);
});

async function ask<T extends ReportsResponse['type']>(
  message: ReportsRequest,
  type: T,
): Promise<Extract<ReportsResponse, { type: T }>> {
  deliver(message);
  for (let i = 0; i < 500; i++) {
    const found = posted.find((m) => m.id === message.id && m.type === type);
    if (found) return found as Extract<ReportsResponse, { type: T }>;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(
    `no ${type} for ${message.id}: ${JSON.stringify(posted.filter((m) => m.id === message.id))}`,
  );
}

const bytes = (b: Uint8Array | string) =>
  typeof b === 'string' ? new TextEncoder().encode(b) : new Uint8Array(b);

describe('reports worker', () => {
  it('reads a zip, a gzip and an e-mail, then answers views and pages', async () => {
    const files = [
      { name: 'a.zip', bytes: bytes(makeZip([{ name: 'a.xml', data: generateAggregateXml(1500, 1).xml }])) },
      { name: 'b.xml.gz', bytes: bytes(gzipSync(generateAggregateXml(20, 2).xml)) },
      { name: 'c.eml', bytes: bytes(makeReportEmail([{ name: 'c.xml', type: 'text/xml', data: generateAggregateXml(5, 3).xml }])) },
      { name: 'bad.json', bytes: bytes('{') },
    ]; // prettier-ignore
    const done = await ask({ type: 'start', id: 1, files }, 'done');
    expect(done.summary).toMatchObject({ reports: 3, duplicates: 0, cancelled: false });
    expect(done.summary.errors).toEqual([expect.objectContaining({ file: 'bad.json', code: 'malformed' })]);
    expect(done.summary.warned).toEqual({ total: 0, listed: [] });
    expect(posted.some((m) => m.type === 'progress' && m.id === 1)).toBe(true);

    const view = (await ask({ type: 'view', id: 2, filter: {} }, 'view')).view;
    expect(view.summary.totals.records).toBe(1525);
    expect(view.chart.buckets).toHaveLength(3);
    expect(view.groupCount).toBeGreaterThan(0);
    expect(view.readiness[0]!.domain).toBe('good.example');

    const page = (await ask({ type: 'records', id: 3, filter: {}, offset: 1000, limit: 5000 }, 'records'))
      .page;
    expect(page).toMatchObject({ total: 1525, offset: 1000 });
    expect(page.items).toHaveLength(525);
    expect(page.items[0]).toHaveProperty('sourceIp');

    const one = (
      await ask({ type: 'records', id: 4, filter: {}, offset: 0, limit: 10, report: 1 }, 'records')
    ).page;
    expect(one.total).toBe(20);

    const ips = (await ask({ type: 'sources', id: 5, filter: {}, offset: 0, limit: 3 }, 'sources')).page;
    expect(ips.items).toHaveLength(3);
    const first = ips.items[0]!.ip;
    await ask({ type: 'enrich', id: 6, sources: [[first, { ptr: { status: 'found', names: ['o1.sendgrid.net'], confirmed: 'o1.sendgrid.net' } }]] }, 'ok'); // prettier-ignore
    const again = (
      await ask({ type: 'sources', id: 7, filter: { sources: [first] }, offset: 0, limit: 1 }, 'sources')
    ).page;
    expect(again.items[0]).toMatchObject({
      ptr: 'o1.sendgrid.net',
      ptrConfirmed: true,
      service: { id: 'sendgrid' },
    });

    const headers = (await ask({ type: 'reports', id: 8, filter: {}, offset: 0, limit: 10 }, 'reports')).page;
    expect(headers.items.map((h) => h.records)).toEqual([1500, 20, 5]);
    const report = (await ask({ type: 'report', id: 9, index: 0 }, 'report')).report;
    expect(report).toMatchObject({ kind: 'dmarc-aggregate', records: [] });

    const exported = await ask(
      { type: 'export', id: 10, filter: { result: 'pass' }, format: 'csv' },
      'export',
    );
    const text = await exported.blob.text();
    expect(text.split('\r\n')[0]).toMatch(/^reporter,report_id/);
    expect(exported.filename).toBe('dmarc-records.csv');
  });

  it('says which reports were read despite malformed XML (parsedmarc invalid_xml.xml)', async () => {
    const name = 'invalid_xml.xml';
    const xml = readFileSync(`tests/fixtures/reports/aggregate/parsedmarc/${name}`);
    const done = await ask({ type: 'start', id: 40, files: [{ name, bytes: bytes(xml) }] }, 'done');
    expect(done.summary).toMatchObject({ reports: 1, errors: [] });
    expect(done.summary.warned.total).toBe(1);
    expect(done.summary.warned.listed[0]!.source).toEqual({ file: name, member: null });
    expect(done.summary.warned.listed[0]!.warnings.join(' ')).toMatch(/does not start a tag/);
  });

  it('cancels a run (keeping what was read), and answers nothing after clear', async () => {
    const big = Array.from({ length: 30 }, (_, i) => ({
      name: `r${i}.xml`,
      bytes: bytes(generateAggregateXml(200, 100 + i).xml),
    }));
    deliver({ type: 'start', id: 20, files: big });
    await ask({ type: 'cancel', id: 21 }, 'ok');
    const finished = await waitFor(20);
    expect(finished.summary.cancelled).toBe(true);
    expect(finished.summary.reports).toBeLessThan(30);
    await ask({ type: 'clear', id: 23 }, 'ok');
    const error = await ask({ type: 'view', id: 24, filter: {} }, 'error');
    expect(error.error).toMatch(/No reports/);
  });

  it('adds a drop to what was read (a report read again counts once; lookups carry over); a plain start replaces', async () => {
    const a = generateAggregateXml(30, 200, 'drop-a').xml;
    const b = generateAggregateXml(20, 201, 'drop-b').xml;
    await ask({ type: 'start', id: 50, files: [{ name: 'a.xml', bytes: bytes(a) }] }, 'done');
    const ip = (await ask({ type: 'sources', id: 51, filter: {}, offset: 0, limit: 1 }, 'sources')).page
      .items[0]!.ip;
    await ask({ type: 'enrich', id: 52, sources: [[ip, { ptr: { status: 'found', names: ['o1.sendgrid.net'], confirmed: 'o1.sendgrid.net' } }]] }, 'ok'); // prettier-ignore
    const files = [
      { name: 'a-again.xml.gz', bytes: bytes(gzipSync(a)) },
      { name: 'b.xml', bytes: bytes(b) },
    ];
    const added = await ask({ type: 'start', id: 53, files, add: true }, 'done');
    expect(added.summary).toMatchObject({
      reports: 2,
      duplicates: 1,
      drops: 2,
      drop: { files: 2, reports: 1, duplicates: 1 },
      stats: { files: 3, records: 50 },
    });
    expect((await ask({ type: 'view', id: 54, filter: {} }, 'view')).view.summary.totals.records).toBe(50);
    const same = (await ask({ type: 'sources', id: 55, filter: { sources: [ip] }, offset: 0, limit: 1 }, 'sources')).page; // prettier-ignore
    expect(same.items[0]).toMatchObject({ ptr: 'o1.sendgrid.net', service: { id: 'sendgrid' } });
    const replaced = await ask(
      { type: 'start', id: 56, files: [{ name: 'b.xml', bytes: bytes(b) }] },
      'done',
    );
    expect(replaced.summary).toMatchObject({ reports: 1, duplicates: 0, drops: 1 });
  });

  it('a clear during a run answers the run as stopped and leaves nothing read', async () => {
    const big = Array.from({ length: 30 }, (_, i) => ({
      name: `r${i}.xml`,
      bytes: bytes(generateAggregateXml(200, 300 + i).xml),
    }));
    deliver({ type: 'start', id: 60, files: big, add: true });
    await ask({ type: 'clear', id: 61 }, 'ok');
    // The page still waits for the run: it must get an answer (stopped), never a result.
    for (let i = 0; i < 500 && !posted.some((m) => m.id === 60 && m.type !== 'progress'); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(posted.filter((m) => m.id === 60 && m.type !== 'progress').map((m) => m.type)).toEqual([
      'stopped',
    ]);
    const error = await ask({ type: 'view', id: 62, filter: {} }, 'error');
    expect(error.error).toMatch(/No reports/);
  });
});

async function waitFor(id: number): Promise<Extract<ReportsResponse, { type: 'done' }>> {
  for (let i = 0; i < 500; i++) {
    const found = posted.find((m) => m.id === id && m.type === 'done');
    if (found) return found as Extract<ReportsResponse, { type: 'done' }>;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`run ${id} did not finish`);
}
