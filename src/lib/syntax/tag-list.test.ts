import { describe, expect, it } from 'vitest';
import { parseTagList, scanTags } from './tag-list';

describe('tag=value scanner', () => {
  it('keeps positions of names and trimmed values', () => {
    const scan = scanTags('v=DMARC1;  p = reject ;');
    expect(scan.ok).toBe(true);
    expect(scan.tags.map((t) => [t.name, t.value, t.start, t.valueStart, t.valueEnd])).toEqual([
      ['v', 'DMARC1', 0, 2, 8],
      ['p', 'reject', 11, 15, 21],
    ]);
  });
  it('treats built-in property names as ordinary tags', () => {
    const scan = scanTags('v=DMARC1; p=none; constructor=x; toString=y; hasOwnProperty=z');
    expect(scan.ok).toBe(true);
    expect(scan.map.get('constructor')).toBe('x');
    expect(scan.map.get('hasOwnProperty')).toBe('z');
    expect(scan.repeated).toEqual([]);
  });
  it('keeps the first of a repeated tag when asked, and can lower-case names', () => {
    const scan = scanTags('v=BIMI1; L=a; l=b', { lowerCaseNames: true, duplicates: 'keep-first' });
    expect(scan.map.get('l')).toBe('a');
    expect(scan.repeated.map((t) => t.value)).toEqual(['b']);
  });
  it('reports errors with a position inside the input', () => {
    const missing = scanTags('v=1; p');
    expect(missing.error).toEqual({ message: 'The tag “p” has no “=”.', position: 6 });
    expect(scanTags('v=1; =x').error?.position).toBe(5);
    const twice = parseTagList('a=1; a=2');
    expect(twice).toMatchObject({ ok: false, position: 5 });
  });
  it('refuses input past its length cap without scanning', () => {
    expect(scanTags('a='.padEnd(200_000, 'x')).error?.position).toBe(0);
  });
});
