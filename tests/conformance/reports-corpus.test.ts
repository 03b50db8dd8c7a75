// Every report file of the shared corpus (tests/fixtures/reports: parsedmarc (Apache-2.0), Stalwart mail-auth
// (Apache-2.0 OR MIT), mox (MIT), dmarc-cat (BSD-2-Clause)) read through readReports(). Record and message counts
// are checked against counts taken independently (node:zlib and a regex over the XML); Stalwart's files are
// checked against its own expected parse (NNN.json).

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReports, type AggregateReport, type FailureReport, type TlsReport } from '../../src/lib/reports';
import { countXml, xmlInside } from '../support/report-files';

const root = 'tests/fixtures/reports';

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]))
    .sort();
}

async function read(path: string) {
  return readReports([{ name: relative(root, path), bytes: new Uint8Array(readFileSync(path)) }]);
}

/** Corpus files that are not reports, or broken on purpose, and the error each must give. */
const EXPECTED_ERRORS: Record<string, string> = {
  'aggregate/dmarc-cat/bad.xml': 'empty',
  'aggregate/dmarc-cat/empty.txt': 'empty',
  'aggregate/dmarc-cat/bad.zip': 'empty', // its one member is an empty file
  'aggregate/dmarc-cat/notempty.txt': 'not-a-report',
  'aggregate/dmarc-cat/notempty.txt.gz': 'not-a-report',
  'aggregate/dmarc-cat/notempty.zip': 'not-a-report',
  'aggregate/parsedmarc/invalid/empty.xml': 'empty',
};

const aggregateFiles = files(join(root, 'aggregate')).filter((f) => !f.endsWith('.json'));

describe('DMARC aggregate corpus', () => {
  it.each(aggregateFiles.map((f) => [relative(root, f)]))('%s', async (name) => {
    const path = join(root, name);
    const result = await read(path);
    const expectedError = EXPECTED_ERRORS[name];
    if (expectedError) {
      expect(result.reports).toEqual([]);
      expect(result.errors.map((e) => e.code)).toEqual([expectedError]);
      expect(result.errors[0]!.file).toBe(name);
      return;
    }
    expect(result.errors).toEqual([]);
    const reports = result.reports as AggregateReport[];
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.kind === 'dmarc-aggregate')).toBe(true);
    const independent = xmlInside(readFileSync(path)).map(countXml);
    expect(reports.map((r) => r.records.length)).toEqual(independent.map((c) => c.records));
    expect(reports.map((r) => r.records.reduce((n, rec) => n + rec.count, 0))).toEqual(
      independent.map((c) => c.messages),
    );
    for (const r of reports) {
      expect(r.reportId).not.toBe('');
      expect(r.orgName).not.toBe('');
      expect(r.begin).toBeGreaterThan(0);
      expect(r.end).toBeGreaterThanOrEqual(r.begin);
    }
  });

  it('reads the large report (2,286 records) and the same report as XML, gzip and zip alike', async () => {
    const large = await read(join(root, 'aggregate/parsedmarc/!large-example.com!1711897200!1711983600.xml'));
    expect((large.reports[0] as AggregateReport).records).toHaveLength(2286);
    const dir = join(root, 'aggregate/parsedmarc/extract_report');
    const all = await readReports(
      ['nice-input.xml', 'nice-input.xml.gz', 'nice-input.xml.zip'].map((f) => ({
        name: f,
        bytes: new Uint8Array(readFileSync(join(dir, f))),
      })),
    );
    expect(all.reports).toHaveLength(1);
    expect(all.duplicates).toBe(2);
  });

  it('reads RFC 9990 (namespace, generator, np, testing, discovery_method) and RFC 7489 samples', async () => {
    const bis = (await read(join(root, 'aggregate/stalwart/004.xml'))).reports[0] as AggregateReport;
    expect(bis.namespace).toBe('urn:ietf:params:xml:ns:dmarc-2.0');
    expect(bis.generator).toBe('Example DMARC Aggregate Reporter v1.2');
    expect(bis.policy).toMatchObject({ np: 'none', testing: 'n', discoveryMethod: 'treewalk' });
    expect(bis.records[0]).toMatchObject({ disposition: 'pass', dkim: 'pass', spf: 'fail' });
    expect(bis.records[0]!.authDkim).toEqual([{ domain: 'example.com', selector: 'abc123', result: 'pass' }]);
    const legacy = (await read(join(root, 'aggregate/stalwart/005.xml'))).reports[0] as AggregateReport;
    expect(legacy.namespace).toBeNull();
    expect(legacy.policy.pct).toBe(100);
    expect(legacy.records[0]!.reasons).toEqual([{ type: 'sampled_out', comment: 'legacy sampling' }]);
    expect(legacy.records[0]!.authSpf).toEqual([{ domain: 'example.com', scope: 'helo', result: 'pass' }]);
    const draft = (await read(join(root, 'aggregate/parsedmarc/old_draft_from_wiki.xml')))
      .reports[0] as AggregateReport;
    expect(draft.records[0]!.authDkim[0]).toEqual({ domain: 'example.com', selector: null, result: 'fail' });
  });

  it('reads mixed-case enums, empty reasons, a wrapper element and malformed markup with warnings', async () => {
    const upper = (await read(join(root, 'aggregate/parsedmarc/invalid/report_with_upper_cased_pass.xml')))
      .reports[0] as AggregateReport;
    expect(upper.records[0]).toMatchObject({ disposition: 'none', dkim: 'pass', spf: 'pass' });
    expect(upper.records[0]!.authSpf[0]!.result).toBe('pass');
    const empty = (await read(join(root, 'aggregate/parsedmarc/empty_reason.xml')))
      .reports[0] as AggregateReport;
    expect(empty.records[0]!.reasons).toEqual([]);
    expect(empty.records[0]!.envelopeTo).toBe('example.net');
    const ikea = (
      await read(join(root, 'aggregate/parsedmarc/ikea.com!example.de!1538690400!1538776800.xml'))
    ).reports[0] as AggregateReport;
    expect(ikea.warnings.join(' ')).toMatch(/without closing <schema>/);
    const broken = (await read(join(root, 'aggregate/parsedmarc/invalid_xml.xml')))
      .reports[0] as AggregateReport;
    expect(broken.email).toBe('<bad-xml@bad-xml.net>');
    expect(broken.records[0]!.headerFrom).toBe('bad<xml.net');
    expect(broken.warnings.some((w) => w.includes('does not start a tag'))).toBe(true);
    const utf = (await read(join(root, 'aggregate/parsedmarc/invalid_utf_8.xml')))
      .reports[0] as AggregateReport;
    expect(utf.records[0]!.headerFrom).toBe('bad_byte\ufffd');
  });

  it('reads the Mimecast gzip with CRLF after the data, and Yahoo, Outlook, mail.ru and XS4ALL mail', async () => {
    for (const f of [
      'parsedmarc/mimecast-weird-gzip.eml',
      'mox/yahoo.eml',
      'mox/outlook.eml',
      'mox/xs4all.eml',
    ]) {
      const result = await read(join(root, 'aggregate', f));
      expect(result.errors, f).toEqual([]);
      expect(result.reports, f).toHaveLength(1);
    }
  });
});

// Stalwart's expected parse: enums as Rust variant names ("Pass", "MailFrom", "Unspecified").
const variant = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  const s = String(v);
  const map: Record<string, string | null> = {
    unspecified: null,
    relaxed: 'r',
    strict: 's',
    mailfrom: 'mfrom',
  };
  const lower = s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return lower in map ? map[lower]! : lower;
};

interface StalwartRecord {
  row: {
    source_ip: string;
    count: number;
    policy_evaluated: {
      disposition: string;
      dkim: string;
      spf: string;
      reason: Array<{ type_: string; comment: string | null }>;
    };
  };
  identifiers: { envelope_to: string | null; envelope_from: string | null; header_from: string };
  auth_results: {
    dkim: Array<{ domain: string; selector: string; result: string }>;
    spf: Array<{ domain: string; scope: string; result: string }>;
  };
}

describe('Stalwart aggregate reports against their expected parse', () => {
  const names = readdirSync(join(root, 'aggregate/stalwart')).filter((f) => !f.endsWith('.json'));
  it.each(names)('%s', async (name) => {
    const expected = JSON.parse(
      readFileSync(join(root, 'aggregate/stalwart', name.replace(/\.\w+$/, '.json')), 'utf8'),
    ) as {
      report_metadata: { org_name: string; report_id: string; date_range: { begin: number; end: number } };
      policy_published: { domain: string; p: string; sp: string; adkim: string; aspf: string };
      record: StalwartRecord[];
    };
    const report = (await read(join(root, 'aggregate/stalwart', name))).reports[0] as AggregateReport;
    const meta = expected.report_metadata;
    expect(report).toMatchObject({
      orgName: meta.org_name,
      reportId: meta.report_id,
      begin: meta.date_range.begin,
      end: meta.date_range.end,
    });
    const pp = expected.policy_published;
    expect(report.policy).toMatchObject({
      domain: pp.domain,
      p: variant(pp.p),
      sp: variant(pp.sp),
      adkim: variant(pp.adkim),
      aspf: variant(pp.aspf),
    });
    expect(report.records).toHaveLength(expected.record.length);
    report.records.forEach((r, i) => {
      const e = expected.record[i]!;
      expect(r.sourceIp).toBe(e.row.source_ip);
      expect(r.count).toBe(e.row.count);
      expect([r.disposition, r.dkim, r.spf]).toEqual(
        [e.row.policy_evaluated.disposition, e.row.policy_evaluated.dkim, e.row.policy_evaluated.spf].map(
          variant,
        ),
      );
      expect(r.headerFrom).toBe(e.identifiers.header_from);
      expect(r.envelopeFrom).toBe(e.identifiers.envelope_from || null);
      expect(r.authDkim.map((d) => [d.domain, d.selector, d.result])).toEqual(
        e.auth_results.dkim.map((d) => [d.domain, d.selector || null, variant(d.result)]),
      );
      expect(r.authSpf.map((s) => [s.domain, s.result])).toEqual(
        e.auth_results.spf.map((s) => [s.domain, variant(s.result)]),
      );
      // Stalwart folds RFC 7489's sampled_out and forwarded into "Other"; this reader keeps them as written.
      expect(
        r.reasons.map((x) => (x.type === 'sampled_out' || x.type === 'forwarded' ? 'other' : x.type)),
      ).toEqual(e.row.policy_evaluated.reason.map((x) => variant(x.type_)));
    });
  });
});

describe('DMARC failure corpus', () => {
  const failureFiles = files(join(root, 'failure')).filter((f) => f.endsWith('.eml'));
  it.each(failureFiles.map((f) => [relative(root, f)]))('%s', async (name) => {
    const result = await read(join(root, name));
    expect(result.errors).toEqual([]);
    expect(result.reports).toHaveLength(1);
    const report = result.reports[0] as FailureReport;
    expect(report.kind).toBe('dmarc-failure');
    expect(report.reportId).not.toBe('');
    expect(report.originalHeaders, 'original headers kept for the header analysis').toMatch(/^[A-Za-z-]+:/);
  });

  it.each(['001', '002', '003', '004', '005'])('Stalwart ARF %s against its expected parse', async (n) => {
    const e = JSON.parse(readFileSync(join(root, `failure/stalwart/${n}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    const report = (await read(join(root, `failure/stalwart/${n}.eml`))).reports[0] as FailureReport;
    expect(report.feedbackType.replace(/-/g, '')).toBe(String(e.feedback_type).toLowerCase());
    expect(report.sourceIp).toBe(e.source_ip);
    expect(report.reportedDomain).toBe((e.reported_domain as string[])[0] ?? null);
    expect(report.arrivalDate).toBe(e.arrival_date ?? null);
    expect(report.dkimDomain).toBe(e.dkim_domain);
    expect(report.dkimSelector).toBe(e.dkim_selector);
    expect(report.originalMailFrom).toBe(e.original_mail_from);
    if (e.headers) expect(report.originalHeaders).toContain(String(e.headers).split('\n')[0]!.slice(0, 40));
  });

  it('reads the standard fields of RFC 6591 reports and the plain-text report as far as it goes', async () => {
    const linkedin = (await read(join(root, 'failure/parsedmarc/dmarc_ruf_report_linkedin.eml')))
      .reports[0] as FailureReport;
    expect(linkedin).toMatchObject({ format: 'arf', feedbackType: 'auth-failure', authFailure: 'dmarc' });
    expect(linkedin.original.from).not.toBeNull();
    const crlf = (await read(join(root, 'failure/parsedmarc/dmarc_ruf_report_linkedin.crlf.eml')))
      .reports[0] as FailureReport;
    const lf = (r: FailureReport) => ({
      ...r,
      source: null,
      originalHeaders: r.originalHeaders?.replace(/\r\n/g, '\n'),
    });
    expect(lf(crlf)).toEqual(lf(linkedin));
    const netease = (
      await read(join(root, 'failure/parsedmarc/[Netease DMARC Failure Report] Rent Reminder.eml'))
    ).reports[0] as FailureReport;
    expect(netease).toMatchObject({
      sourceIp: '167.89.69.24',
      reportedDomain: 'cardinal.com',
      dkimDomain: 'entrata.com',
    });
    expect(netease.identityAlignment).toBe('spf,dkim');
    const exim = (await read(join(root, 'failure/parsedmarc/exim_plain_text_only_no_arf_part.eml')))
      .reports[0] as FailureReport;
    expect(exim).toMatchObject({
      format: 'text',
      sourceIp: '203.0.113.68',
      reportedDomain: 'example.com',
      identityAlignment: 'none',
    });
    expect(exim.originalHeaders).toMatch(/^Received: from \[203\.0\.113\.68\]/);
    // RFC 2047: the sender's display name is shown decoded, not as =?utf-8?B?…?=.
    const sharepoint = (
      await read(
        join(
          root,
          'failure/parsedmarc/DMARC Failure Report for domain.de (mail-from=sharepoint@domain.de, ip=10.10.10.10).eml',
        ),
      )
    ).reports[0] as FailureReport;
    expect(sharepoint.original.from).toBe('"Interaktive Wettbewerber-Übersicht" <sharepoint@domain.de>');
    expect(exim.original.subject).toBe('Payment from your account.');
  });
});

describe('TLS-RPT fixtures (RFC 8460 example, Google and Microsoft shapes, missing optional fields)', () => {
  it('reads the RFC 8460 §4.6 example', async () => {
    const report = (await read(join(root, 'tlsrpt/rfc8460-example.json'))).reports[0] as TlsReport;
    expect(report).toMatchObject({
      kind: 'tls-rpt',
      orgName: 'Company-X',
      reportId: '5065427c-23d3-47ca-b6e0-946ea0e8c4be',
      begin: Date.UTC(2016, 3, 1) / 1000,
      contactInfo: 'sts-reporting@company-x.example',
    });
    const policy = report.policies[0]!;
    expect(policy).toMatchObject({ type: 'sts', domain: 'company-y.example', success: 5326, failure: 303 });
    expect(policy.mxHosts).toEqual(['*.mail.company-y.example']);
    expect(policy.failures.map((f) => [f.resultType, f.count])).toEqual([
      ['certificate-expired', 100],
      ['starttls-not-supported', 200],
      ['validation-failure', 3],
    ]);
    expect(policy.failures[2]).toMatchObject({
      sendingMta: '198.51.100.62',
      receivingIp: '203.0.113.58',
      failureReasonCode: 'X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED',
    });
  });

  it('reads providers’ shapes and reports that leave optional fields out', async () => {
    const google = (await read(join(root, 'tlsrpt/google-shape.json'))).reports[0] as TlsReport;
    expect(google.policies[0]).toMatchObject({ success: 412, failure: 0, failures: [], mxHosts: [] });
    const microsoft = (await read(join(root, 'tlsrpt/microsoft-shape.json'))).reports[0] as TlsReport;
    expect(microsoft.policies.map((p) => p.type)).toEqual(['sts', 'no-policy-found']);
    expect(microsoft.policies[0]!.failures[1]!.resultType).toBe('sts-policy-fetch-error');
    const small = await read(join(root, 'tlsrpt/missing-optional.json'));
    expect(small.errors).toEqual([]);
    const report = small.reports[0] as TlsReport;
    expect(report.contactInfo).toBeNull();
    expect(report.policies[0]!.failures[0]).toMatchObject({
      resultType: 'tlsa-invalid',
      count: 1,
      sendingMta: null,
    });
  });
});
