import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateAggregateXml, makeReportEmail, makeZip } from '../../../tests/support/report-files';
import { MAX_ERRORS_LISTED, MAX_REPORTS, MAX_TOTAL_RECORDS } from './limits';
import { readReports } from './read';
import type { AggregateReport, TlsReport } from './types';

const tls = JSON.stringify({
  'organization-name': 'Google Inc.',
  'date-range': { 'start-datetime': '2026-03-01T00:00:00Z', 'end-datetime': '2026-03-01T23:59:59Z' },
  'report-id': 'tls-1',
  policies: [{ policy: { 'policy-type': 'sts', 'policy-domain': 'good.example' }, summary: { 'total-successful-session-count': 9, 'total-failure-session-count': 1 } }],
}); // prettier-ignore
const file = (name: string, data: Uint8Array | string) => ({
  name,
  bytes: typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data),
});

describe('readReports', () => {
  it('tells formats from the bytes, never the name', async () => {
    const r = await readReports([
      file('report.zip', gzipSync(generateAggregateXml(2, 1).xml)),
      file('report.xml', makeZip([{ name: 'x', data: generateAggregateXml(3, 2).xml }])),
      file('tls.txt', gzipSync(tls)),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.reports.map((x) => x.kind)).toEqual(['dmarc-aggregate', 'dmarc-aggregate', 'tls-rpt']);
    expect(r.stats).toMatchObject({ aggregate: 2, tls: 1, records: 5 });
  });

  it('reads a TLS-RPT e-mail (application/tlsrpt+gzip), an mbox of report mail, and a zip inside an e-mail inside a zip', async () => {
    const tlsMail = makeReportEmail(
      [{ name: 'g.json.gz', type: 'application/tlsrpt+gzip', data: gzipSync(tls) }],
      { reportType: 'tlsrpt' },
    );
    const aggMail = makeReportEmail([
      { name: 'a.xml.gz', type: 'application/gzip', data: gzipSync(generateAggregateXml(4, 3).xml) },
    ]);
    const mbox = Buffer.concat([
      Buffer.from('From dmarc@google.com Mon Mar  2 10:00:00 2026\n'),
      tlsMail,
      Buffer.from('\n\nFrom x@y Mon Mar  2 11:00:00 2026\n'),
      aggMail,
    ]);
    const nested = makeZip([
      {
        name: 'mail.eml',
        data: makeReportEmail([
          {
            name: 'in.zip',
            type: 'application/zip',
            data: makeZip([{ name: 'deep.xml', data: generateAggregateXml(1, 4).xml }]),
          },
        ]),
      },
    ]);
    const r = await readReports([file('box.mbox', mbox), file('nested.zip', nested)]);
    expect(r.errors).toEqual([]);
    expect(r.reports.map((x) => [x.kind, x.source.member])).toEqual([
      ['tls-rpt', 'message 1 › g.json.gz'],
      ['dmarc-aggregate', 'message 2 › a.xml.gz'],
      ['dmarc-aggregate', 'mail.eml › in.zip › deep.xml'],
    ]);
    expect((r.reports[0] as TlsReport).policies[0]!.failure).toBe(1);
  });

  it('counts the same report once across files and archives', async () => {
    const xml = generateAggregateXml(3, 5).xml;
    const r = await readReports([
      file('a.xml', xml),
      file('b.zip', makeZip([{ name: 'a.xml', data: xml }])),
      file('c.gz', gzipSync(xml)),
    ]);
    expect(r.reports).toHaveLength(1);
    expect(r.duplicates).toBe(2);
  });

  it('adds a second drop to the first: the same report dropped again counts once, and the drop says so', async () => {
    const a = generateAggregateXml(3, 7).xml;
    const b = generateAggregateXml(4, 8).xml;
    const first = await readReports([file('a.xml', a), file('bad.json', '{')]);
    expect(first).toMatchObject({ drops: 1, drop: { files: 2, reports: 1, duplicates: 0, errors: 1 } });
    const second = await readReports([file('a-again.xml.gz', gzipSync(a)), file('b.xml', b)], {
      held: first,
    });
    expect(second.reports.map((r) => r.reportId)).toEqual(['gen-7', 'gen-8']);
    expect(second).toMatchObject({
      duplicates: 1,
      cancelled: false,
      drops: 2,
      drop: { files: 2, reports: 1, duplicates: 1, errors: 0 },
      stats: { files: 4, records: 7, aggregate: 2 },
    });
    // The first drop's error stays listed (that file was not read), and the first result is not changed.
    expect(second.errors.map((e) => e.file)).toEqual(['bad.json']);
    expect(first.reports).toHaveLength(1);
    // Without `held`, a read stands alone.
    expect((await readReports([file('b.xml', b)])).reports).toHaveLength(1);
  });

  it('an added drop that is cancelled keeps both; the caps count what earlier drops hold', async () => {
    const first = await readReports([file('a.xml', generateAggregateXml(3, 9).xml)]);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await readReports([file('b.xml', generateAggregateXml(3, 10).xml)], {
      held: first,
      signal: controller.signal,
    });
    expect(cancelled).toMatchObject({ cancelled: true, drop: { reports: 0 } });
    expect(cancelled.reports).toHaveLength(1);
    const next = await readReports([file('c.xml', generateAggregateXml(2, 11).xml)], { held: cancelled });
    // An earlier drop's "cancelled" entry does not linger as an error.
    expect(next.errors).toEqual([]);
    expect(next).toMatchObject({ cancelled: false, drops: 3 });
    // Records: the budget left after what is held.
    const nearlyFull = { ...first, stats: { ...first.stats, records: MAX_TOTAL_RECORDS - 2 } };
    const records = await readReports([file('d.xml', generateAggregateXml(5, 12).xml)], { held: nearlyFull });
    expect(records.errors).toEqual([
      expect.objectContaining({ file: 'd.xml', code: 'limit', error: expect.stringMatching(/counting every report read so far/) }),
    ]); // prettier-ignore
    // Reports: a full set of held reports leaves room for none.
    const full = { ...first, reports: Array.from({ length: MAX_REPORTS }, () => first.reports[0]!) };
    const reports = await readReports([file('e.xml', generateAggregateXml(1, 13).xml)], { held: full });
    expect(reports.reports).toHaveLength(MAX_REPORTS);
    expect(reports.errors).toEqual([
      expect.objectContaining({ file: 'e.xml', code: 'limit', error: expect.stringMatching(/^At most 200,000 reports are held at once/) }),
    ]); // prettier-ignore
  });

  it('past the report cap, errors are listed up to MAX_ERRORS_LISTED and the rest counted, across drops', async () => {
    const first = await readReports([file('a.xml', generateAggregateXml(1, 20).xml)]);
    const full = { ...first, reports: Array.from({ length: MAX_REPORTS }, () => first.reports[0]!) };
    const many = Array.from({ length: MAX_ERRORS_LISTED + 30 }, (_, i) =>
      file(`r${i}.xml`, generateAggregateXml(1, 100 + i).xml),
    );
    const over = await readReports(many, { held: full });
    expect(over.errors).toHaveLength(MAX_ERRORS_LISTED);
    expect(over.errors[0]).toMatchObject({ file: 'r0.xml', code: 'limit' });
    expect(over).toMatchObject({ errorsUnlisted: 30, drop: { errors: MAX_ERRORS_LISTED + 30 } });
    // The next drop adds to the count, not to the list; a cancelled drop's own entry is still there.
    const controller = new AbortController();
    const again = await readReports([file('x.xml', generateAggregateXml(1, 900).xml), file('y.json', '{')], {
      held: over,
      onProgress: (p) => {
        if (p.filesDone === 1) controller.abort();
      },
      signal: controller.signal,
    });
    expect(again.errors.filter((e) => e.code !== 'cancelled')).toHaveLength(MAX_ERRORS_LISTED);
    expect(again.errors.at(-1)).toMatchObject({ code: 'cancelled' });
    expect(again).toMatchObject({ cancelled: true, errorsUnlisted: 31, drop: { errors: 1 } });
    // Below the cap nothing is counted unlisted.
    expect(first.errorsUnlisted).toBe(0);
  });

  it('reads UTF-16 XML, concatenated reports in one file, and a UTF-8 BOM', async () => {
    const xml = generateAggregateXml(2, 6).xml;
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le'),
    ]);
    const two = generateAggregateXml(1, 7).xml + generateAggregateXml(1, 8).xml.replace(/<\?xml[^>]*>/, '');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(generateAggregateXml(1, 9).xml)]);
    const r = await readReports([file('u16.xml', utf16), file('two.xml', two), file('bom.xml', bom)]);
    expect(r.errors).toEqual([]);
    expect(r.reports.map((x) => (x as AggregateReport).records.length)).toEqual([2, 1, 1, 1]);
    expect((r.reports[0] as AggregateReport).policy.domain).toBe('good.example');
  });

  it('reads a message that starts with a "From " line but is no mbox', async () => {
    const mail = Buffer.concat([
      Buffer.from('From nobody\n'),
      makeReportEmail([{ name: 'a.xml', type: 'text/xml', data: generateAggregateXml(1, 10).xml }]),
    ]);
    const r = await readReports([file('one.eml', mail)]);
    expect(r.reports).toHaveLength(1);
  });
});

describe('guessReportKind', () => {
  it('tells a report dropped in the wrong place from its first bytes', async () => {
    const { guessReportKind } = await import('./sniff');
    expect(guessReportKind(generateAggregateXml(1, 1).xml)).toBe('dmarc-aggregate');
    expect(guessReportKind(tls)).toBe('tls-rpt');
    expect(guessReportKind(new Uint8Array(gzipSync('x')))).toBe('archive');
    expect(
      guessReportKind('Content-Type: multipart/report; report-type=feedback-report; boundary=x\r\n\r\n'),
    ).toBe('dmarc-failure');
    expect(guessReportKind(makeReportEmail([{ name: 'a.zip', type: 'application/zip', data: 'x' }]))).toBe(
      'dmarc-aggregate',
    );
    expect(guessReportKind('Received: from a\r\nFrom: b@c.example\r\nSubject: hi\r\n\r\nbody')).toBeNull();
    expect(guessReportKind('<html></html>')).toBeNull();
  });
});
