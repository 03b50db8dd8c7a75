import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileDigest, KeptFiles } from './kept-files';

const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe('kept files: one copy of each file', () => {
  it('digests the bytes with SHA-256', async () => {
    const bytes = new TextEncoder().encode('<feedback/>');
    expect(await fileDigest(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('digests a file of several steps (hashed a step per task) to the same SHA-256', async () => {
    const bytes = new Uint8Array(5 * 1024 * 1024 + 7).map((_, i) => i * 31);
    expect(await fileDigest(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('a file dropped again is not stored again, once the first copy is remembered', async () => {
    const kept = new KeptFiles();
    const a = file('google.zip', 'report one');
    const first = await kept.sift([a, file('ms.xml.gz', 'report two')]);
    expect(first.fresh.map((f) => f.name)).toEqual(['google.zip', 'ms.xml.gz']);
    expect(first.repeated).toEqual([]);
    kept.remember(first.digests);
    const again = await kept.sift([a, file('yahoo.eml', 'report three')]);
    expect(again.fresh.map((f) => f.name)).toEqual(['yahoo.eml']);
    expect(again.repeated.map((f) => f.name)).toEqual(['google.zip']);
    expect(kept.size).toBe(2);
  });

  it('tells files apart by their bytes, not their names', async () => {
    const kept = new KeptFiles();
    const sift = await kept.sift([
      file('a.xml', 'same'),
      file('copy of a.xml', 'same'),
      file('a.xml', 'resent with other bytes'),
    ]);
    expect(sift.fresh.map((f) => f.name)).toEqual(['a.xml', 'a.xml']);
    expect(sift.repeated.map((f) => f.name)).toEqual(['copy of a.xml']);
  });

  it('remembers nothing until told (a store that refused the files), and forgets on clear', async () => {
    const kept = new KeptFiles();
    const a = file('a.xml', 'x');
    await kept.sift([a]);
    expect((await kept.sift([a])).fresh).toHaveLength(1);
    kept.remember((await kept.sift([a])).digests);
    expect((await kept.sift([a])).repeated).toHaveLength(1);
    kept.clear();
    expect((await kept.sift([a])).fresh).toHaveLength(1);
  });
});
