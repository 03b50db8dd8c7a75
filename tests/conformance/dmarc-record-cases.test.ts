// The 94 DMARC record cases of tests/fixtures/dmarc/dmarc-record-cases.json (derived from mox (MIT), checkdmarc
// (Apache-2.0) and the DMARCbis draft appendix (IETF TLP)). mox is a strict RFC 7489 parser, so its cases run in
// the parser's rfc7489 mode; the others in the default RFC 9989 mode. Records published at a `_report._dmarc` name
// are report-authorization records (no p= needed).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDmarcRecord, type DmarcUri } from '../../src/lib/dmarc';

interface Case {
  source: string;
  record: string;
  expect: 'parsed' | 'error';
  note?: string;
  test?: string;
  published_at?: string;
  expected_tags?: Record<string, unknown>;
  checkdmarc_checks?: Array<{
    path?: string;
    equals?: unknown;
    contains_substring_in?: string;
    substring?: string;
  }>;
}

const { cases } = JSON.parse(readFileSync('tests/fixtures/dmarc/dmarc-record-cases.json', 'utf8')) as {
  cases: Case[];
};

function uriView(u: DmarcUri): unknown {
  return u.maxSize === null ? u.uri : { uri: u.uri, max_size: u.maxSize, unit: u.unit };
}

// checkdmarc's warning texts, mapped to the issue codes that carry the same advice here.
const WARNING_CODES: Record<string, string[]> = {
  'pct tag was removed in RFC 9989': ['historic-pct', 'bad-pct'],
  'rf tag was removed in RFC 9989': ['historic-rf', 'bad-rf'],
  'ri tag was removed in RFC 9989': ['historic-ri', 'bad-ri'],
  "Unknown DMARC tag 'xyz'": ['unknown-tag'],
  redundant: ['fo-redundant'],
  'p tag does not immediately follow the v t': ['p-not-first'],
};

describe('DMARC record cases', () => {
  it('has all 94 cases', () => expect(cases).toHaveLength(94));

  cases.forEach((c, i) => {
    const mode = c.source === 'mox' ? 'rfc7489' : 'rfc9989';
    const kind = c.published_at?.includes('._report._dmarc.') ? 'report-authorization' : 'policy';
    it(`#${i + 1} ${c.source}: ${JSON.stringify(c.record).slice(0, 90)} → ${c.expect}`, () => {
      const r = parseDmarcRecord(c.record, { mode, kind });
      expect(r.ok ? 'parsed' : 'error', r.ok ? r.warnings.join(' | ') : r.errors.join(' | ')).toBe(c.expect);
      if (!r.ok) return;
      const p = r.policy;
      for (const [tag, value] of Object.entries(c.expected_tags ?? {})) {
        const actual: Record<string, unknown> = {
          v: r.tags.v,
          p: p.p,
          sp: p.sp,
          np: p.np,
          adkim: p.adkim,
          aspf: p.aspf,
          t: p.t,
          rua: p.rua.map(uriView),
          ruf: p.ruf.map(uriView),
          ri: p.ri,
          pct: p.pct,
          fo: p.fo,
          rf: p.rf,
        };
        expect(actual[tag], `tag ${tag}`).toEqual(value);
      }
      for (const check of c.checkdmarc_checks ?? []) {
        if (check.path?.startsWith('tags.') && check.path.endsWith('.value')) {
          const tag = check.path.split('.')[1] as keyof typeof p;
          expect(p[tag], check.path).toEqual(check.equals);
        } else if (check.path?.endsWith('.explicit')) {
          const tag = check.path.split('.')[1]!;
          expect(
            (p as unknown as Record<string, unknown>)[`${tag}Explicit`] ?? tag in r.tags,
            check.path,
          ).toBe(check.equals);
        } else if (check.contains_substring_in === 'warnings' && check.substring) {
          const codes = Object.entries(WARNING_CODES).find(([text]) =>
            check.substring!.startsWith(text),
          )?.[1];
          if (codes)
            expect(
              r.issues.some((x) => codes.includes(x.code)),
              check.substring,
            ).toBe(true);
        }
      }
    });
  });
});
