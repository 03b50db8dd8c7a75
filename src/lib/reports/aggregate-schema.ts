// The element tree of a DMARC aggregate report (RFC 7489 appendix C, RFC 9990 appendix A) as transition tables
// for the builder: which child elements each structure has, and which of them are leaf fields.

import type { AggregateRecord, AggregateReport, ReportSource } from './types';

// Element contexts: structures below 100, leaf fields at 100 + field.
export const OUTSIDE = 0;
export const FEEDBACK = 1;
export const META = 2;
export const RANGE = 3;
export const POLICY = 4;
export const RECORD = 5;
export const ROW = 6;
export const EVALUATED = 7;
export const REASON = 8;
export const IDENTIFIERS = 9;
export const AUTH = 10;
export const DKIM = 11;
export const SPF = 12;
export const SKIP = 13;
export const LEAF = 100;

// prettier-ignore
export const F = {
  orgName: 1, email: 2, extraContact: 3, reportId: 4, generator: 5, error: 6, begin: 7, end: 8, version: 9,
  domain: 10, adkim: 11, aspf: 12, p: 13, sp: 14, np: 15, pct: 16, fo: 17, testing: 18, discovery: 19,
  sourceIp: 20, count: 21, disposition: 22, evalDkim: 23, evalSpf: 24, reasonType: 25, reasonComment: 26,
  envelopeTo: 27, envelopeFrom: 28, headerFrom: 29, dkimDomain: 30, dkimSelector: 31, dkimResult: 32,
  dkimHuman: 33, spfDomain: 34, spfScope: 35, spfResult: 36, spfHuman: 37,
} as const;

const table = (entries: Record<string, number>) => new Map(Object.entries(entries));
export const CHILDREN: Array<Map<string, number> | undefined> = [];
// prettier-ignore
CHILDREN[FEEDBACK] = table({
  version: LEAF + F.version, report_metadata: META, policy_published: POLICY, record: RECORD,
});
// prettier-ignore
CHILDREN[META] = table({
  org_name: LEAF + F.orgName, email: LEAF + F.email, extra_contact_info: LEAF + F.extraContact,
  report_id: LEAF + F.reportId, date_range: RANGE, generator: LEAF + F.generator, error: LEAF + F.error,
});
CHILDREN[RANGE] = table({ begin: LEAF + F.begin, end: LEAF + F.end });
// prettier-ignore
CHILDREN[POLICY] = table({
  domain: LEAF + F.domain, adkim: LEAF + F.adkim, aspf: LEAF + F.aspf, p: LEAF + F.p, sp: LEAF + F.sp,
  np: LEAF + F.np, pct: LEAF + F.pct, fo: LEAF + F.fo, testing: LEAF + F.testing,
  discovery_method: LEAF + F.discovery,
});
CHILDREN[RECORD] = table({ row: ROW, identifiers: IDENTIFIERS, auth_results: AUTH });
CHILDREN[ROW] = table({ source_ip: LEAF + F.sourceIp, count: LEAF + F.count, policy_evaluated: EVALUATED });
// prettier-ignore
CHILDREN[EVALUATED] = table({
  disposition: LEAF + F.disposition, dkim: LEAF + F.evalDkim, spf: LEAF + F.evalSpf, reason: REASON,
});
CHILDREN[REASON] = table({ type: LEAF + F.reasonType, comment: LEAF + F.reasonComment });
// prettier-ignore
CHILDREN[IDENTIFIERS] = table({
  envelope_to: LEAF + F.envelopeTo, envelope_from: LEAF + F.envelopeFrom, header_from: LEAF + F.headerFrom,
});
CHILDREN[AUTH] = table({ dkim: DKIM, spf: SPF });
// prettier-ignore
CHILDREN[DKIM] = table({
  domain: LEAF + F.dkimDomain, selector: LEAF + F.dkimSelector, result: LEAF + F.dkimResult,
  human_result: LEAF + F.dkimHuman,
});
// prettier-ignore
CHILDREN[SPF] = table({
  domain: LEAF + F.spfDomain, scope: LEAF + F.spfScope, result: LEAF + F.spfResult, human_result: LEAF + F.spfHuman,
});

/** Elements the schemas define that the views do not use: skipped without a warning. */
export const KNOWN_UNUSED = new Set(['extension', 'extensions', 'version_published', 'psd', 't', 'rf', 'ri']);

export function newRecord(): AggregateRecord {
  return {
    sourceIp: '',
    count: 0,
    disposition: '',
    dkim: '',
    spf: '',
    headerFrom: '',
    envelopeFrom: null,
    envelopeTo: null,
    authDkim: [],
    authSpf: [],
    reasons: [],
  };
}

export function newReport(source: ReportSource, namespace: string | null): AggregateReport {
  return {
    kind: 'dmarc-aggregate',
    orgName: '',
    reportId: '',
    begin: 0,
    end: 0,
    policy: {
      domain: '',
      p: null,
      sp: null,
      np: null,
      adkim: null,
      aspf: null,
      pct: null,
      testing: null,
      discoveryMethod: null,
      fo: null,
    },
    records: [],
    version: null,
    namespace,
    email: null,
    extraContactInfo: null,
    generator: null,
    reportErrors: [],
    warnings: [],
    source,
  };
}
