// The report parsers (RFC 7489 appendix C / RFC 9990 XML, RFC 8460 JSON, Team Cymru TXT answers) on hostile input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectNeverThrows,
  expectReturnsOnHostile,
  hostileByteInputs,
  HOSTILE_TIMEOUT,
} from '../../../tests/support/hostile-inputs';
import { parseAggregateXml } from './aggregate';
import { parseCymruName, parseCymruOrigin } from './asn';
import { parseTlsReportJson } from './tlsrpt';
import { scanXml, type XmlHandler } from './xml-scanner';

const source = { file: 'hostile', member: null };
const XML_PREFIX = '<?xml version="1.0"?><feedback><report_metadata><org_name>';
const JSON_PREFIX = '{"organization-name":"';

function countingHandler(): XmlHandler {
  return { open() {}, close() {}, text() {}, cdata() {}, halt: null };
}

describe('report parsers on hostile input', { timeout: HOSTILE_TIMEOUT }, () => {
  it('parseAggregateXml, scanXml and parseTlsReportJson return on every hostile input, bare and inside a report', () => {
    for (const input of hostileByteInputs([XML_PREFIX, JSON_PREFIX])) {
      expect(typeof parseAggregateXml(input, source, 1000)).toBe('object');
      expect(typeof scanXml(input, countingHandler())).toBe('object');
      expect(typeof parseTlsReportJson(input, source)).toBe('object');
    }
  });

  it('parseCymruOrigin and parseCymruName never throw (2,000 cases) and return on every hostile input', () => {
    const pieces = ['15169', ' | ', '8.8.8.0/24', 'US', 'arin', '2000-03-30', 'GOOGLE, US', '"'];
    expectNeverThrows((s) => parseCymruOrigin(s), pieces);
    expectNeverThrows((s) => parseCymruName(s), pieces);
    expectReturnsOnHostile((s) => parseCymruOrigin(s), { prefixes: ['15169 | 8.8.8.0/24 | '] });
    expectReturnsOnHostile((s) => parseCymruName(s), { prefixes: ['15169 | US | arin | 2000-03-30 | '] });
  });

  it('scanXml never throws on arbitrary bytes (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        scanXml(bytes, countingHandler());
      }),
      { numRuns: 1_000 },
    );
  });
});
