// Every record parser of the domain check on hostile input: it never throws, and every position it reports lies
// inside the text it was given.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBimiRecord } from '../../src/lib/bimi/record';
import { parseDkimKeyRecord } from '../../src/lib/dkim/key-record';
import { parseDmarcRecord } from '../../src/lib/dmarc/parse';
import type { Issue } from '../../src/lib/findings/issue';
import { parseMtaStsPolicy, parseMtaStsTxt } from '../../src/lib/mtasts/record';
import { parseTlsRptRecord } from '../../src/lib/tlsrpt/record';

const PARSERS: Record<string, { prefix: string; parse: (text: string) => { issues: Issue[] } }> = {
  DMARC: { prefix: 'v=DMARC1; ', parse: (t) => parseDmarcRecord(t) },
  'DMARC (RFC 7489)': { prefix: 'v=DMARC1; ', parse: (t) => parseDmarcRecord(t, { mode: 'rfc7489' }) },
  'MTA-STS TXT': { prefix: 'v=STSv1; ', parse: parseMtaStsTxt },
  'MTA-STS policy': { prefix: 'version: STSv1\r\n', parse: parseMtaStsPolicy },
  'TLS-RPT': { prefix: 'v=TLSRPTv1; ', parse: parseTlsRptRecord },
  BIMI: { prefix: 'v=BIMI1; ', parse: parseBimiRecord },
  'DKIM key': { prefix: 'v=DKIM1; ', parse: parseDkimKeyRecord },
};

const pieces = [
  ';',
  '=',
  ' ',
  '\t',
  '\r\n',
  ',',
  ':',
  '!',
  '"',
  '\0',
  '\u00e9',
  '\ud800',
  'p',
  'v',
  'rua',
  'id',
  'l',
  'a',
];
const hostile = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join('')),
);

describe('record parsers on hostile input', () => {
  for (const [name, { prefix, parse }] of Object.entries(PARSERS)) {
    it(`${name}: never throws, positions inside the text`, () => {
      fc.assert(
        fc.property(hostile, fc.boolean(), (body, withPrefix) => {
          const text = withPrefix ? prefix + body : body;
          for (const issue of parse(text).issues) {
            if (issue.start !== undefined) expect(issue.start).toBeGreaterThanOrEqual(0);
            if (issue.end !== undefined) expect(issue.end).toBeLessThanOrEqual(text.length);
            if (issue.start !== undefined && issue.end !== undefined)
              expect(issue.start).toBeLessThanOrEqual(issue.end);
          }
        }),
        { numRuns: 300 },
      );
    });

    it(`${name}: refuses a megabyte without a separator, and many empty fields, at once`, () => {
      expect(() => parse(prefix + 'x'.repeat(1_000_000))).not.toThrow();
      expect(() => parse(prefix + ';'.repeat(8_000))).not.toThrow();
    });
  }
});
