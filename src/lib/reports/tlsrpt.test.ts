import { describe, expect, it } from 'vitest';
import { parseTlsReportJson } from './tlsrpt';

const source = { file: 'r.json', member: null };
const parse = (doc: unknown) => parseTlsReportJson(new TextEncoder().encode(JSON.stringify(doc)), source);

describe('parseTlsReportJson', () => {
  it('tolerates missing optional fields and odd types, with warnings', () => {
    const r = parse({
      'organization-name': 'X',
      'date-range': { 'start-datetime': '2026-01-01T00:00:00Z', 'end-datetime': '2026-01-01T23:59:59Z' },
      'report-id': 'id-1',
      policies: [
        { policy: { 'policy-type': 'STS', 'policy-domain': 'Good.Example', 'mx-host': 'mx.good.example' }, summary: { 'total-successful-session-count': '12', 'total-failure-session-count': -3 } },
        'not an object',
      ],
    }); // prettier-ignore
    expect(r.ok).toBe(true);
    const report = r.ok ? r.reports[0]! : null;
    expect(report?.policies[0]).toMatchObject({
      type: 'sts',
      domain: 'good.example',
      mxHosts: ['mx.good.example'],
      success: 12,
      failure: 0,
    });
    expect(report?.warnings.join(' ')).toMatch(/not a session count.*skipped|skipped.*not a session count/s);
  });

  it('makes an id when there is none and reads an array of reports', () => {
    const r = parse([{ policies: [] }, { 'organization-name': 'Y', 'report-id': 'b', policies: [] }]);
    expect(r.ok && r.reports.map((x) => [x.orgName, x.reportId])).toEqual([
      ['(unnamed reporter)', '!!'],
      ['Y', 'b'],
    ]);
  });

  it('refuses what is not a TLS report', () => {
    expect(parse({ foo: 1 })).toMatchObject({ ok: false, code: 'not-a-report' });
    expect(parse([])).toMatchObject({ ok: false, code: 'not-a-report' });
    expect(parseTlsReportJson(new TextEncoder().encode('[1,'), source)).toMatchObject({
      ok: false,
      code: 'malformed',
    });
  });
});
