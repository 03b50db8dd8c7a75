// RFC 8601 and RFC 7601 Appendix B example messages (tests/fixtures/authres/rfc*-appendix-b, IETF TLP): every
// Authentication-Results field parses, in strict RFC mode and in the tolerant default, to the expected result.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults, splitHeaders } from '../../src/lib/headers';

interface Expected {
  authserv_id: string;
  version: number;
  results: Array<{
    method: string;
    result: string;
    method_version?: number;
    reason?: string;
    comment?: string;
    props: Record<string, string>;
  }>;
}

for (const rfc of ['rfc8601', 'rfc7601']) {
  const dir = `tests/fixtures/authres/${rfc}-appendix-b`;
  const { examples } = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as {
    examples: Record<string, Expected[]>;
  };
  describe(`${rfc.toUpperCase()} Appendix B`, () => {
    for (const [name, expected] of Object.entries(examples)) {
      for (const relaxed of [false, true]) {
        it(`${name} (${relaxed ? 'tolerant' : 'strict'})`, () => {
          const { fields } = splitHeaders(readFileSync(`${dir}/example-${name}.eml`, 'utf8'));
          const ar = fields.filter((f) => f.lname === 'authentication-results');
          expect(ar).toHaveLength(expected.length);
          ar.forEach((field, i) => {
            const r = parseAuthenticationResults(field.value, { relaxed });
            if (!r.ok) throw new Error(r.error);
            const e = expected[i]!;
            expect(r.authservId).toBe(e.authserv_id);
            expect(r.version ?? 1).toBe(e.version);
            expect(
              r.results.map((x) => ({
                method: x.method,
                result: x.result,
                ...(x.version !== undefined ? { method_version: x.version } : {}),
                ...(x.reason !== undefined ? { reason: x.reason } : {}),
                ...(x.comment !== undefined ? { comment: x.comment } : {}),
                props: Object.fromEntries(x.properties.map((p) => [`${p.ptype}.${p.property}`, p.value])),
              })),
            ).toEqual(e.results.map((x) => ({ ...x })));
          });
        });
      }
    }
  });
}
