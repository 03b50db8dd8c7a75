// What makes a paste a header section: at least one field name mail systems write (field-names.ts), checked on
// the review's body-text paste and on every message among the test fixtures.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import { looksLikeHeaderSection } from './field-names';
import { splitHeaders } from './split';

const names = (...lnames: string[]) => lnames.map((lname) => ({ lname }));

describe('looksLikeHeaderSection', () => {
  it('prose shaped like “Word: text” names no header field', () => {
    expect(looksLikeHeaderSection(names('thanks'))).toBe(false);
    expect(looksLikeHeaderSection(names('note', 'ps', 'regards', 'answer'))).toBe(false);
    expect(looksLikeHeaderSection([])).toBe(false);
  });
  it('a registered field or an experimental X- field is enough, even alone', () => {
    expect(looksLikeHeaderSection(names('thanks', 'subject'))).toBe(true);
    expect(looksLikeHeaderSection(names('authentication-results'))).toBe(true);
    expect(looksLikeHeaderSection(names('x-forefront-antispam-report'))).toBe(true);
  });
});

describe('a paste of body text is not a header section', () => {
  it('“Dear team: please find attached. / Thanks: Bob” reads as “does not look like headers”', () => {
    // The review's paste (msgs/h-bodyonly-colon.eml): the second line parsed as a field "Thanks".
    const a = analyzeHeaders('Dear team: please find attached.\nThanks: Bob\n');
    expect(a.fields).toEqual([]);
    expect(a.findings.map((f) => f.code)).toEqual(['no-headers']);
    // No "No From address", and no note about lines skipped before a header field that is not there.
    expect(a.warnings).toEqual([]);
  });

  it('real messages among the fixtures still parse as header sections, every field kept', () => {
    // Data files (JSON, YAML, keys) and licences are not messages.
    const NOT_MESSAGES = new Set(['LICENSE.txt', 'NOTICE.md']);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (!/\.(json|ya?ml|md|pem|key|xml|gz|zip)$/.test(name) && !NOT_MESSAGES.has(name))
          files.push(path);
      }
    };
    for (const dir of ['headers', 'dkim', 'arc', 'authres']) walk(`tests/fixtures/${dir}`);
    for (const name of readdirSync('src/state/header-examples'))
      files.push(`src/state/header-examples/${name}`);
    expect(files.length).toBeGreaterThan(300);
    const lost = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      const split = splitHeaders(text).fields.length;
      return split > 0 && analyzeHeaders(text).fields.length !== split;
    });
    expect(lost).toEqual([]);
  });
});
