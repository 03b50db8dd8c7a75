import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { record, report, scenarioDay } from '../../../tests/support/aggregate-scenario';
import { facets, filterRecords } from './filter';
import { assessReadiness, READY_MAX_FAIL_SHARE } from './readiness';
import { sourceTag } from './source-class';
import { groupSources, type SourceEnrichment } from './sources';
import { readReports } from './read';
import { shareText } from './share';
import { MAX_DAYS, summarize } from './summary';
import { exportRow, toCsv, toJson } from './export';
import { recordFieldGroups } from './record-fields';
import { groupFailures } from './failure-summary';
import type { FailureReport } from './types';

const month = Array.from({ length: 10 }, (_, day) => report(day, scenarioDay()));
const ses: ReadonlyMap<string, SourceEnrichment> = new Map([
  ['54.240.1.1', { ptr: { status: 'found', names: ['a1-1.smtp-out.amazonses.com'], confirmed: 'a1-1.smtp-out.amazonses.com' } }],
  ['192.0.2.10', { ptr: { status: 'found', names: ['mx.good.example'], confirmed: 'mx.good.example' } }],
]); // prettier-ignore

describe('summarize', () => {
  it('totals messages, DMARC and aligned pass rates, dispositions, per domain, reporter and day', () => {
    const s = summarize(month);
    expect(s.totals.messages).toBe(705 * 10);
    expect(s.totals.dmarcPass).toBe(5000);
    expect(s.totals.alignedDkimPass).toBe(5000);
    expect(s.totals.dmarcPassRate).toBeCloseTo(5000 / 7050);
    expect(s.totals.dispositions.none).toBe(7050);
    expect(s.byDomain.map((d) => d.key)).toEqual(['good.example']);
    expect(s.byReporter[0]).toMatchObject({ key: 'google.com', reports: 10 });
    expect(s.byDay).toHaveLength(10);
    expect(s.byDay[0]).toEqual({
      date: '2026-03-01',
      messages: 705,
      pass: 500,
      fail: 205,
      quarantine: 0,
      reject: 0,
    });
  });

  it('fills days without reports, and counts dispositions before DMARC results in the chart', () => {
    const rejected = record({ sourceIp: '203.0.113.1', count: 7, disposition: 'reject' });
    const s = summarize([report(0, [rejected]), report(3, [rejected])]);
    expect(s.byDay.map((d) => [d.date, d.reject])).toEqual([
      ['2026-03-01', 7],
      ['2026-03-02', 0],
      ['2026-03-03', 0],
      ['2026-03-04', 7],
    ]);
  });

  it('a span past MAX_DAYS keeps the latest days and says what it left out; totals stay whole', async () => {
    // A 1979 sample next to a 2024 report: the chart shows the 2024 end, not ten empty years from 1979.
    const dir = 'tests/fixtures/reports/aggregate/parsedmarc/';
    const names = ['rfc9990-sample.xml', 'protection.outlook.com!example.com!1711756800!1711843200.xml'];
    const read = await readReports(names.map((name) => ({ name, bytes: readFileSync(dir + name) })));
    const s = summarize(read.reports);
    const shown = s.byDay.reduce((n, d) => n + d.messages, 0);
    expect(s.byDay).toHaveLength(MAX_DAYS);
    expect(s.byDay.at(-1)!.date).toBe('2024-03-30');
    expect(shown).toBeGreaterThan(0);
    expect(s.byDayCut).not.toBeNull();
    expect(s.byDayCut!.messages + shown).toBe(s.totals.messages);
    expect(s.byDayCut!.messages).toBeGreaterThan(0);
    expect(s.byDayCut!.to < s.byDay[0]!.date).toBe(true);
    expect(s.byDayCut!.days + MAX_DAYS).toBe(
      (Date.parse(s.byDay.at(-1)!.date) - Date.parse(s.byDayCut!.from)) / 86_400_000 + 1,
    );
    expect(summarize(month).byDayCut).toBeNull();
  });

  it('recomputes alignment from auth results when policy_evaluated is left out', () => {
    const bare = record({
      sourceIp: '192.0.2.1',
      count: 3,
      dkim: '',
      spf: '',
      headerFrom: 'news.good.example',
      authDkim: [{ domain: 'good.example', selector: 's', result: 'pass' }],
    });
    expect(summarize([report(0, [bare])]).totals).toMatchObject({ dmarcPass: 3, alignedDkimPass: 3 });
  });
});

describe('filters', () => {
  it('filter by date range, domain, reporter, source and result', () => {
    const other = report(2, [record({ sourceIp: '192.0.2.50', count: 1, headerFrom: 'other.example' })], {
      orgName: 'Outlook.com',
      policy: { ...month[0]!.policy, domain: 'other.example' },
    });
    const all = [...month, other];
    const count = (f: Parameters<typeof filterRecords>[1]) =>
      filterRecords(all, f).reduce((n, r) => n + r.record.count, 0);
    expect(count({})).toBe(7051);
    expect(count({ from: Date.UTC(2026, 2, 3) / 1000, to: Date.UTC(2026, 2, 4) / 1000 })).toBe(706);
    expect(count({ domains: ['other.example'] })).toBe(1);
    expect(count({ reporters: ['Outlook.com'] })).toBe(1);
    expect(count({ sources: ['203.0.113.99'] })).toBe(200);
    expect(count({ result: 'pass' })).toBe(5000);
    expect(count({ result: 'fail' })).toBe(2051);
    expect(facets(all)).toMatchObject({
      domains: ['good.example', 'other.example'],
      reporters: ['google.com', 'Outlook.com'],
    });
  });
});

describe('groupSources', () => {
  const sources = groupSources(month, {}, ses);
  const ip = (address: string) => sources.ips.find((s) => s.ip === address)!;

  it('classes each source by why it failed', () => {
    expect(ip('192.0.2.10')).toMatchObject({
      category: 'pass',
      organization: 'good.example',
      ptrConfirmed: true,
    });
    expect(ip('167.89.1.1')).toMatchObject({
      category: 'misaligned',
      service: { id: 'sendgrid', via: 'dkim' },
    });
    expect(ip('54.240.1.1')).toMatchObject({
      category: 'unauthenticated-service',
      service: { id: 'amazon-ses', via: 'ptr' },
    });
    expect(ip('209.85.1.1').category).toBe('forwarded');
    expect(ip('203.0.113.99').category).toBe('spoofing');
    expect(ip('198.51.100.7').category).toBe('unknown-authenticated');
    expect(ip('192.0.2.11').category).toBe('dkim-broken');
  });

  it('says what to fix: custom DKIM and return path at the service, the SPF include, the stale selector', () => {
    const codes = (address: string) => ip(address).findings.map((f) => f.code);
    expect(codes('167.89.1.1')).toEqual(expect.arrayContaining(['dkim-not-aligned', 'spf-not-aligned']));
    const dkim = ip('167.89.1.1').findings.find((f) => f.code === 'dkim-not-aligned')!;
    expect(dkim.fix).toMatch(/SendGrid/);
    expect(dkim.items).toEqual(['sendgrid.net']);
    const ses = ip('54.240.1.1').findings.find((f) => f.code === 'not-in-spf')!;
    expect(ses.fix).toMatch(/include:amazonses\.com/);
    expect(ip('192.0.2.11').findings.find((f) => f.code === 'dkim-broken')!.items).toEqual([
      'old._domainkey.good.example',
    ]);
    expect(codes('203.0.113.99')).toEqual(['spoofing']);
    expect(codes('192.0.2.10')).toEqual(['source-pass', 'selectors']);
    expect(sources.selectors).toEqual({ 'good.example': ['mail', 'old'] });
  });

  it('groups by named service, organization or as unidentified, failing mail first', () => {
    expect(sources.groups.map((g) => [g.label, g.messages, g.failing])).toEqual([
      ['SendGrid', 1000, 1000],
      ['Unidentified sources', 650, 650],
      ['Amazon SES', 400, 400],
      ['good.example', 5000, 0],
    ]);
    const unidentified = sources.groups[1]!;
    expect(unidentified.findings.map((f) => f.code)[0]).toBe('spoofing');
  });

  it('an address whose mail passes DMARC is not spoofing when some of it fails; no message is both', () => {
    // 40 messages pass aligned SPF, 5 from the same address pass nothing (RFC 9989 §4.7: the source is the
    // domain's own, its bounce address not covered by SPF).
    const own = (count: number, spf: string) =>
      record({ sourceIp: '192.0.2.77', count, spf: spf === 'pass' ? 'pass' : 'fail', envelopeFrom: 'good.example',
        authSpf: [{ domain: 'good.example', scope: 'mfrom', result: spf }] }); // prettier-ignore
    const { ips, groups } = groupSources([report(0, [own(40, 'pass'), own(5, 'fail')])]);
    expect(ips[0]!.classes).toMatchObject({ pass: 40, spoofing: 0, 'unauthenticated-service': 5 });
    const g = groups[0]!;
    expect(g).toMatchObject({ label: 'Unidentified sources', dmarcPass: 40, failing: 5 });
    expect(g.classes.spoofing).toBe(0);
    const codes = g.findings.map((f) => f.code);
    expect(codes).toContain('not-in-spf');
    expect(codes).not.toContain('spoofing');
    expect(g.findings.find((f) => f.code === 'unauthenticated-service')!.title).not.toMatch(/known service/);
    // A spoofer next to it in the same group: its messages are spoofing and never "add this source to SPF".
    const spoofer = record({ sourceIp: '203.0.113.9', count: 5, envelopeFrom: 'good.example',
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }] }); // prettier-ignore
    const mixed = groupSources([report(0, [own(40, 'pass'), spoofer])]).groups[0]!;
    expect(mixed.classes).toMatchObject({ pass: 40, spoofing: 5 });
    expect(mixed.findings.map((f) => f.code)).toEqual(['spoofing']);
    // The group mostly passes: its tag is neither "Looks like spoofing" nor a green "passes" (5 messages fail);
    // the spoofed messages stay a finding, addressed to the owner whose mail the group carries.
    expect(sourceTag(mixed.classes)).toEqual({ kind: 'mostly-passes', failing: 5, forwardedOnly: false });
    const spoofed = mixed.findings[0]!;
    expect(spoofed.title).toBe('Some of its addresses pass nothing');
    expect(spoofed.fix).toMatch(/Show the addresses/);
    expect(spoofed.fix).toMatch(/Do not authorize this whole source in SPF/);
    const spoofers = groupSources([report(0, [own(4, 'pass'), spoofer])]).groups[0]!;
    expect(sourceTag(spoofers.classes)).toEqual({ kind: 'fails', worst: 'spoofing' });
    expect(spoofers.findings[0]!.title).toBe('Passes nothing: looks like spoofing');
    expect(sourceTag(g.classes)).toEqual({ kind: 'mostly-passes', failing: 5, forwardedOnly: false });
  });

  it('tags a source "passes" only when all of its mail passes, and says how many fail when most pass', () => {
    const none = { pass: 0, forwarded: 0, misaligned: 0, 'unauthenticated-service': 0, 'dkim-broken': 0, permerror: 0, temperror: 0, 'unknown-authenticated': 0, spoofing: 0 }; // prettier-ignore
    expect(sourceTag({ ...none, pass: 100 })).toEqual({ kind: 'passes', messages: 100 });
    expect(sourceTag({ ...none, pass: 99, 'dkim-broken': 1 })).toEqual({
      kind: 'mostly-passes',
      failing: 1,
      forwardedOnly: false,
    });
    expect(sourceTag({ ...none, pass: 90, forwarded: 10 })).toMatchObject({
      kind: 'mostly-passes',
      forwardedOnly: true,
    });
    // Half is not most: the failing class names it.
    expect(sourceTag({ ...none, pass: 5, spoofing: 3, forwarded: 2 })).toEqual({
      kind: 'fails',
      worst: 'spoofing',
    });
    expect(sourceTag({ ...none, misaligned: 7, spoofing: 3 })).toEqual({
      kind: 'fails',
      worst: 'misaligned',
    });
    expect(sourceTag(none)).toEqual({ kind: 'no-mail' });
  });

  it('"not in SPF" counts only DMARC-failing mail of the domain’s own senders that SPF would fix', () => {
    const mailFrom = (result: string) => [{ domain: 'good.example', scope: 'mfrom', result }];
    const dkim = (result: string) => [{ domain: 'good.example', selector: 's1', result }];
    // The domain's own server: 90 messages pass through aligned DKIM with SPF failing (DMARC passes: nothing for
    // SPF to fix), 10 fail DMARC with nothing passing (SPF would fix those).
    const own = [
      record({ sourceIp: '192.0.2.80', count: 90, dkim: 'pass', authDkim: dkim('pass'), authSpf: mailFrom('softfail') }),
      record({ sourceIp: '192.0.2.80', count: 10, authSpf: mailFrom('fail') }),
    ]; // prettier-ignore
    const ownFindings = groupSources([report(0, own)]).ips[0]!.findings;
    expect(ownFindings.find((f) => f.code === 'not-in-spf')).toMatchObject({
      messages: 10,
      severity: 'warning',
    });
    // Every message passes through aligned DKIM: no "not in SPF" at all, and the source passes.
    const signed = groupSources([report(0, [own[0]!])]).ips[0]!;
    expect(signed.findings.map((f) => f.code)).toEqual(['source-pass', 'selectors']);
    expect(sourceTag(signed.classes).kind).toBe('passes');
    // A DNS error is not "not authorized": adding the address fixes nothing (it is an auth-temperror finding).
    const erred = groupSources([report(0, [own[0]!, record({ sourceIp: '192.0.2.80', count: 3, authSpf: mailFrom('temperror') })])]); // prettier-ignore
    const codes = erred.ips[0]!.findings.map((f) => f.code);
    expect(codes).toContain('auth-temperror');
    expect(codes).not.toContain('not-in-spf');
    // Forwarded mail and someone else's mail in a group whose own mail passes: never "add it to SPF".
    const forwarded = record({ sourceIp: '209.85.1.1', count: 30, authSpf: mailFrom('fail'), authDkim: dkim('fail'),
      reasons: [{ type: 'local_policy', comment: 'arc=pass' }] }); // prettier-ignore
    const other = record({ sourceIp: '203.0.113.7', count: 6, authSpf: mailFrom('fail'),
      authDkim: [{ domain: 'spammer.test', selector: 'x', result: 'pass' }] }); // prettier-ignore
    const group = groupSources([report(0, [own[0]!, forwarded, other])]).groups[0]!;
    expect(group.classes).toMatchObject({ pass: 90, forwarded: 30, 'unknown-authenticated': 6 });
    expect(group.findings.map((f) => f.code)).not.toContain('not-in-spf');
  });

  it('recognises a service only from passing auth results, never from failing ones', () => {
    const forged = record({
      sourceIp: '203.0.113.5',
      count: 1,
      authDkim: [{ domain: 'sendgrid.net', selector: 's', result: 'fail' }],
    });
    expect(groupSources([report(0, [forged])]).ips[0]).toMatchObject({ service: null, category: 'spoofing' });
  });
});

describe('assessReadiness', () => {
  it('says how much of the domain’s own mail would fail and which sources to fix first', () => {
    const [r] = assessReadiness(month, {}, ses);
    expect(r).toMatchObject({
      domain: 'good.example',
      stage: 'fix-sources',
      days: 10,
      legitimate: 6450,
      legitimateFailing: 1450,
    });
    expect(r!.failShare).toBeCloseTo(1450 / 6450);
    expect(r!.forwarded).toBe(300);
    expect(r!.suspicious).toBe(300);
    expect(r!.fixFirst.map((f) => [f.label, f.failing])).toEqual([
      ['SendGrid', 1000],
      ['Amazon SES', 400],
      ['Unidentified sources', 50],
    ]);
    expect(r!.nextStep).toBeNull();
  });

  it('moves a clean domain to the next step, carrying over the live record’s rua', () => {
    const clean = Array.from({ length: 8 }, (_, d) => report(d, [scenarioDay()[0]!, scenarioDay()[4]!]));
    const [fromReports] = assessReadiness(clean);
    expect(fromReports).toMatchObject({ stage: 'ready', failShare: 0 });
    expect(fromReports!.verdict.detail).toMatch(/^None of your own mail fails DMARC over 8 days/);
    // One failing message in 8,001 is under the threshold: ready, and the detail counts it (not "0.0%").
    const oneFails = [...clean, report(7, [record({ sourceIp: '192.0.2.10', count: 1, authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }] })], { reportId: 'x' })]; // prettier-ignore
    const [almost] = assessReadiness(oneFails);
    expect(almost!.stage).toBe('ready');
    expect(almost!.verdict.detail).toMatch(/^Only <0\.1% \(1 message\) of your own mail fails DMARC/);
    expect(fromReports!.nextStep).toMatchObject({
      label: 'p=quarantine; t=y',
      record: 'v=DMARC1; p=quarantine; t=y;',
    });
    expect(fromReports!.nextStep!.note).toMatch(/rua/);
    const live = new Map([['good.example', 'v=DMARC1; p=none; rua=mailto:d@good.example; pct=50']]);
    const [withLive] = assessReadiness(clean, {}, new Map(), live);
    expect(withLive!.nextStep!.record).toBe('v=DMARC1; p=quarantine; rua=mailto:d@good.example; t=y;');
    expect(withLive!.nextStep!.generator.query).toEqual({
      domain: 'good.example',
      record: withLive!.nextStep!.record,
    });
    expect(READY_MAX_FAIL_SHARE).toBeGreaterThan(0);
  });

  it('waits for a week of reports, and calls p=reject enforced', () => {
    const [collecting] = assessReadiness([report(0, [scenarioDay()[0]!])]);
    expect(collecting!.stage).toBe('collecting');
    expect(collecting!.verdict.detail).toMatch(/None of your own mail fails now\.$/);
    const rejecting = report(0, [scenarioDay()[0]!], { policy: { ...month[0]!.policy, p: 'reject' } });
    expect(assessReadiness([rejecting])[0]!.stage).toBe('enforced');
  });
});

describe('shareText', () => {
  it('never rounds a share with a failure to 100% or one with a message to 0%', () => {
    expect([0, 1, 0.5, 0.0004, 0.9996, 0.996, 0.042, 0.973].map(shareText)).toEqual([
      '0%',
      '100%',
      '50%',
      '<0.1%',
      '>99.9%',
      '99.6%',
      '4.2%',
      '97%',
    ]);
  });
});

describe('export', () => {
  it('writes CSV with quoting and formula cells neutralised, and JSON that parses', () => {
    const evil = record({
      sourceIp: '192.0.2.1',
      count: 1,
      reasons: [{ type: 'other', comment: '=HYPERLINK("http://x","y"), and more' }],
    });
    const refs = filterRecords([report(0, [evil])], {});
    const csv = toCsv(refs);
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header!.split(',')).toContain('source_ip');
    expect(row).toContain(`"other: =HYPERLINK(""http://x"",""y""), and more"`);
    const first = toCsv(
      filterRecords([report(0, [record({ sourceIp: '192.0.2.1', count: 1, headerFrom: '=cmd' })])], {}),
    );
    expect(first).toContain(",'=cmd,");
    const json = JSON.parse(toJson(filterRecords(month.slice(0, 1), {}))) as unknown[];
    expect(json).toHaveLength(7);
    expect(json[0]).toMatchObject({ sourceIp: '192.0.2.10', dmarc: 'pass', reporter: 'google.com' });
  });
});

describe('recordFieldGroups', () => {
  it('shows a record as the report’s own elements, text only, control characters visible', () => {
    const r = record({ sourceIp: '203.0.113.9', count: 3, envelopeFrom: 'good.example',
      authDkim: [{ domain: 'good.example', selector: null, result: 'fail' }],
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'softfail' }],
      reasons: [{ type: 'other', comment: 'a<b>\u202Eevil\u0000' }] }); // prettier-ignore
    const one = report(0, [r]);
    const [ref] = filterRecords([one], {});
    const groups = recordFieldGroups(exportRow(ref!));
    const of = (name: string) =>
      groups.find((g) => g.name === name)!.fields.map((f) => `${f.name}: ${f.value}`);
    expect(groups.map((g) => g.name)).toEqual([
      'row',
      'policy_evaluated',
      'identifiers',
      'auth_results',
      'report_metadata',
    ]);
    expect(of('row')).toEqual(['source_ip: 203.0.113.9', 'count: 3']);
    expect(of('policy_evaluated')).toEqual([
      'disposition: none',
      'dkim: fail',
      'spf: fail',
      'reason: other: a<b>⟨U+202E⟩evil⟨NUL⟩',
    ]);
    expect(of('identifiers')).toEqual([
      'header_from: good.example',
      'envelope_from: good.example',
      'envelope_to: (not given)',
    ]);
    expect(of('auth_results')).toEqual([
      'dkim: good.example, selector (not given): fail',
      'spf: good.example, scope mfrom: softfail',
    ]);
    expect(of('report_metadata')).toContain('report_id: r-0-google.com');
    expect(of('report_metadata')).toContain('date_range: 2026-03-01 00:00:00 UTC to 2026-03-01 23:59:59 UTC');
  });
});

describe('groupFailures', () => {
  it('groups failure reports by source IP and failure type', () => {
    const f = (id: string, ip: string, failure: string, at: number): FailureReport => ({
      kind: 'dmarc-failure', orgName: 'linkedin.com', reportId: id, feedbackType: 'auth-failure', authFailure: failure,
      sourceIp: ip, reportedDomain: 'good.example', arrivalDate: at, originalHeaders: 'From: a@good.example', format: 'arf',
      identityAlignment: 'none', deliveryResult: null, dkimDomain: null, dkimSelector: null, dkimIdentity: null, spfDns: null,
      originalMailFrom: null, originalRcptTo: null, authenticationResults: null, userAgent: null,
      original: { from: null, subject: null, date: null, messageId: null }, fields: [], warnings: [], source: { file: id, member: null },
    }); // prettier-ignore
    const groups = groupFailures([
      f('a', '203.0.113.9', 'dmarc', 10),
      f('b', '203.0.113.9', 'dmarc', 20),
      f('c', '192.0.2.1', 'dkim', 5),
    ]);
    expect(groups.map((g) => [g.key, g.reports, g.first, g.last])).toEqual([
      ['203.0.113.9|dmarc', 2, 10, 20],
      ['192.0.2.1|dkim', 1, 5, 5],
    ]);
    expect(groups[0]!.items.map((r) => r.reportId)).toEqual(['b', 'a']);
  });
});
