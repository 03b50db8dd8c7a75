// Every parser exported from src/lib meets the shared hostile list: its name appears in a *.property.test.ts
// (the list is tests/support/hostile-inputs.ts). A new parse*/decode*/scan*/split*/interpret* export without
// one fails here, so the list cannot silently miss it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LIB = 'src/lib';
const PARSER = /^export (?:async )?function ((?:parse|decode|scan|split|interpret)[A-Z]\w*)/gm;
/** Exports named like parsers that the hostile list reaches another way, with the reason. */
const NOT_PARSERS: Record<string, string> = {
  parseIssues: 'generate/output.ts turns the parsers’ own messages into issues; it reads no outside text',
  parseTerm: 'one SPF term of parseSpf, which meets the list with every prefix',
  parseMechanismArgs: 'the arguments of one SPF mechanism, reached through parseSpf',
  parseDomainSpec: 'an SPF domain-spec, reached through parseSpf',
  parseUri: 'one DMARC rua/ruf URI, reached through parseDmarcRecord',
  parseTlsRptRua: 'the rua field of a TLS-RPT record, reached through parseTlsRptRecord',
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('hostile-input coverage', () => {
  it('has a property test naming every parser exported from src/lib', () => {
    const all = files(LIB);
    const sources = all.filter((f) => !f.endsWith('.test.ts'));
    const tests = all
      .filter((f) => f.endsWith('.property.test.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const parsers = sources.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(PARSER)].map((m) => `${m[1]} (${f})`),
    );
    expect(parsers.length).toBeGreaterThan(20);
    const missing = parsers.filter((p) => {
      const name = p.split(' ')[0]!;
      return !(name in NOT_PARSERS) && !new RegExp(`\\b${name}\\b`).test(tests);
    });
    expect(missing).toEqual([]);
  });
});
