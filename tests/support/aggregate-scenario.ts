// Aggregate reports as objects for the analysis tests: one sending domain's month, with the sources people meet
// (their own servers, an ESP not aligned, a service not set up, forwarders, spoofers). Test data only.

import type { AggregateRecord, AggregateReport } from '../../src/lib/reports';

type RecordInput = Partial<AggregateRecord> & { sourceIp: string; count: number };

export function record(input: RecordInput): AggregateRecord {
  return {
    disposition: 'none',
    dkim: 'fail',
    spf: 'fail',
    headerFrom: 'good.example',
    envelopeFrom: null,
    envelopeTo: null,
    authDkim: [],
    authSpf: [],
    reasons: [],
    ...input,
  };
}

export function report(
  day: number,
  records: AggregateRecord[],
  over: Partial<AggregateReport> = {},
): AggregateReport {
  const begin = Date.UTC(2026, 2, 1 + day) / 1000;
  return {
    kind: 'dmarc-aggregate',
    orgName: 'google.com',
    reportId: `r-${day}-${over.orgName ?? 'google.com'}`,
    begin,
    end: begin + 86_399,
    policy: {
      domain: 'good.example',
      p: 'none',
      sp: null,
      np: null,
      adkim: 'r',
      aspf: 'r',
      pct: null,
      testing: null,
      discoveryMethod: null,
      fo: null,
    },
    records,
    version: '1.0',
    namespace: null,
    email: null,
    extraContactInfo: null,
    generator: null,
    reportErrors: [],
    warnings: [],
    source: { file: `day${day}.xml`, member: null },
    ...over,
  };
}

/** One day of the scenario; the counts are per day. */
// prettier-ignore
export function scenarioDay(): AggregateRecord[] {
  return [
    // The domain's own server: aligned DKIM and SPF.
    record({ sourceIp: '192.0.2.10', count: 500, dkim: 'pass', spf: 'pass', envelopeFrom: 'good.example',
      authDkim: [{ domain: 'good.example', selector: 'mail', result: 'pass' }],
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'pass' }] }),
    // SendGrid signing and bouncing as itself.
    record({ sourceIp: '167.89.1.1', count: 100, envelopeFrom: 'bounce.sendgrid.net',
      authDkim: [{ domain: 'sendgrid.net', selector: 's1', result: 'pass' }],
      authSpf: [{ domain: 'bounce.sendgrid.net', scope: 'mfrom', result: 'pass' }] }),
    // Amazon SES, not set up: nothing passes (recognised once reverse DNS is known).
    record({ sourceIp: '54.240.1.1', count: 40, envelopeFrom: 'good.example',
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'softfail' }] }),
    // Forwarded through Google with ARC.
    record({ sourceIp: '209.85.1.1', count: 30, envelopeFrom: 'good.example',
      reasons: [{ type: 'local_policy', comment: 'arc=pass as.1.google.com=pass' }],
      authDkim: [{ domain: 'good.example', selector: 'mail', result: 'fail' }],
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }] }),
    // A spoofer.
    record({ sourceIp: '203.0.113.99', count: 20, disposition: 'none', envelopeFrom: 'good.example',
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }] }),
    // Someone authenticated as their own unknown domain.
    record({ sourceIp: '198.51.100.7', count: 10,
      authDkim: [{ domain: 'spammer.test', selector: 'x', result: 'pass' }] }),
    // The domain's second server with a stale key.
    record({ sourceIp: '192.0.2.11', count: 5, envelopeFrom: 'good.example',
      authDkim: [{ domain: 'good.example', selector: 'old', result: 'fail' }],
      authSpf: [{ domain: 'good.example', scope: 'mfrom', result: 'fail' }] }),
  ];
}
