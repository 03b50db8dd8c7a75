// The 78 Authentication-Results parser cases of DKIM Verifier (tests/fixtures/authres/dkim_verifier-arh-parser-cases.json,
// derived from lieser/dkim_verifier arhParserSpec, MIT), each run with the case's own flags: relaxed (tolerate
// real-world quirks) and i18n (RFC 8616 UTF-8).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuthenticationResults, type AuthResParse } from '../../src/lib/headers';

interface Item {
  header: string;
  relaxed: boolean;
  i18n: boolean;
  utf8_as_binary_string: boolean;
  expect: 'ok' | 'parse_error';
  assertions?: Array<{ path: string; equals: unknown }>;
}
const { cases } = JSON.parse(
  readFileSync('tests/fixtures/authres/dkim_verifier-arh-parser-cases.json', 'utf8'),
) as {
  cases: Array<{ name: string; group: string; items: Item[] }>;
};

function lookupPath(r: Extract<AuthResParse, { ok: true }>, path: string): unknown {
  // DKIM Verifier writes a missing (Microsoft) authserv-id as ""; the contract says null.
  if (path === 'authserv_id') return r.authservId ?? '';
  if (path === 'authres_version') return r.version ?? 1;
  if (path === 'resinfo.length') return r.results.length;
  const m = /^resinfo\[(\d+)\]\.(method_version|method|result|reason|properties\.([a-z]+)\.(.+))$/.exec(path);
  if (!m) throw new Error(`unhandled path ${path}`);
  const res = r.results[Number(m[1])];
  if (!res) return undefined;
  if (m[2] === 'method_version') return res.version ?? 1;
  if (m[2] === 'method' || m[2] === 'result' || m[2] === 'reason') return res[m[2]];
  return res.properties.find((p) => p.ptype === m[3] && p.property === m[4])?.value;
}

describe('DKIM Verifier ARH parser cases', () => {
  const items = cases.flatMap((c) => c.items.map((item) => ({ ...item, name: c.name, group: c.group })));
  it('has all 78 items', () => expect(items).toHaveLength(78));
  items.forEach((item, i) => {
    const flags = `${item.relaxed ? 'relaxed' : 'strict'}${item.i18n ? ', i18n' : ''}`;
    it(`#${i + 1} ${item.group.replace('ARH Parser [unittest] / ', '')} › ${item.name} (${flags})`, () => {
      const value = item.header.replace(/^Authentication-Results:/i, '').replace(/\r\n$/, '');
      const r = parseAuthenticationResults(value, { relaxed: item.relaxed, i18n: item.i18n });
      expect(r.ok ? 'ok' : 'parse_error', r.ok ? '' : r.error).toBe(item.expect);
      if (!r.ok) return;
      for (const a of item.assertions ?? []) expect(lookupPath(r, a.path), a.path).toEqual(a.equals);
    });
  });
});
