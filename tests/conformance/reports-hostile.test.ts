// Hostile and broken report files (RFC 9990 §8 names zip and XML bombs), built here with node:zlib: each must give
// an error entry that names the file and why, quickly, while the other files of the same drop are still read.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readReports, type AggregateReport, type ReadResult } from '../../src/lib/reports';
import { generateAggregateXml, makeReportEmail, makeZip } from '../support/report-files';

const good = generateAggregateXml(20, 7).xml;
const file = (name: string, data: Uint8Array | string) => ({
  name,
  bytes: typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data),
});

async function readOne(name: string, data: Uint8Array | string): Promise<ReadResult> {
  return readReports([file(name, data)]);
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<feedback><report_metadata><org_name>&lol9;</org_name></report_metadata></feedback>`;

describe('hostile inputs each give an error entry', () => {
  it('refuses a DOCTYPE with entities (billion laughs) before reading any value', async () => {
    const r = await readOne('lolz.xml', BILLION_LAUGHS);
    expect(r.reports).toEqual([]);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'lolz.xml', code: 'doctype' })]);
  });

  it('refuses an external entity (XXE) and a DOCTYPE after a comment', async () => {
    const xxe = `<?xml version="1.0"?><!-- x --><!DOCTYPE feedback [<!ENTITY x SYSTEM "file:///etc/passwd">]><feedback>&x;</feedback>`;
    expect((await readOne('xxe.xml', xxe)).errors[0]!.code).toBe('doctype');
  });

  it('stops a zip bomb by its expansion ratio, naming the member', async () => {
    const zip = makeZip([{ name: 'bomb.xml', data: new Uint8Array(32 * 1024 * 1024) }]);
    expect(zip.length).toBeLessThan(100_000);
    const r = await readOne('bomb.zip', zip);
    expect(r.errors).toEqual([
      expect.objectContaining({ file: 'bomb.zip', member: 'bomb.xml', code: 'bomb' }),
    ]);
  });

  it('refuses a zip member that declares more than a report can hold, without inflating it', async () => {
    const zip = makeZip([{ name: 'huge.xml', data: 'x', stored: true, claimSize: 0xfffffff0 }]);
    const r = await readOne('huge.zip', zip);
    expect(r.errors[0]).toMatchObject({ member: 'huge.xml', code: 'too-large' });
  });

  it('stops a gzip bomb', async () => {
    const r = await readOne('bomb.xml.gz', gzipSync(new Uint8Array(32 * 1024 * 1024)));
    expect(r.errors[0]).toMatchObject({ file: 'bomb.xml.gz', code: 'bomb' });
  });

  it('reports truncated archives and gzip data', async () => {
    const zip = makeZip([{ name: 'a.xml', data: good }]);
    const cut = await readOne('cut.zip', zip.subarray(0, zip.length - 40));
    expect(cut.errors.length).toBeGreaterThan(0);
    expect(cut.errors.every((e) => e.file === 'cut.zip')).toBe(true);
    const gz = gzipSync(good);
    const cutGz = await readOne('cut.xml.gz', gz.subarray(0, gz.length >> 1));
    expect(cutGz.errors[0]).toMatchObject({ code: 'corrupt' });
    expect(cutGz.errors[0]!.error).toMatch(/truncated|damaged/);
  });

  it('reads the complete members of a zip whose directory is cut off', async () => {
    const zip = makeZip([
      { name: 'a.xml', data: generateAggregateXml(3, 1).xml },
      { name: 'b.xml', data: generateAggregateXml(3, 2).xml },
    ]);
    const r = await readOne('cut.zip', zip.subarray(0, zip.length - 60));
    expect(r.reports).toHaveLength(2);
    expect(r.errors[0]!.error).toMatch(/truncated/);
  });

  it('refuses containers nested too deep (zip in e-mail in zip …)', async () => {
    let data: Uint8Array = new TextEncoder().encode(good);
    for (let i = 0; i < 8; i++)
      data =
        i % 2 === 0
          ? makeZip([{ name: `level${i}.zip`, data }])
          : makeReportEmail([{ name: `level${i}.zip`, type: 'application/zip', data }]);
    const r = await readOne('deep.eml', data);
    expect(r.reports).toEqual([]);
    expect(r.errors.some((e) => e.code === 'limit' && /nested/.test(e.error))).toBe(true);
  });

  it('refuses XML nested deeper than a report can be, in linear time', async () => {
    const deep = '<feedback>' + '<x>'.repeat(200_000) + '</x>'.repeat(200_000) + '</feedback>';
    const r = await readOne('deep.xml', deep);
    expect(r.errors[0]).toMatchObject({ code: 'limit' });
  });

  it('gives clear errors for bad JSON, huge arrays and JSON that is not a TLS report', async () => {
    expect((await readOne('bad.json', '{"organization-name": "x", ')).errors[0]).toMatchObject({
      code: 'malformed',
      error: expect.stringMatching(/not valid/),
    });
    const policies = Array.from({ length: 10_001 }, () => ({ summary: {} }));
    expect((await readOne('many.json', JSON.stringify({ policies }))).errors[0]).toMatchObject({
      code: 'limit',
    });
    const details = Array.from({ length: 100_001 }, () => ({ 'result-type': 'x' }));
    const big = JSON.stringify({ policies: [{ 'failure-details': details }] });
    expect((await readOne('details.json', big)).errors[0]).toMatchObject({ code: 'limit' });
    expect((await readOne('other.json', '{"hello": [1, 2, 3]}')).errors[0]).toMatchObject({
      code: 'not-a-report',
    });
    const deepJson = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await readOne('deep.json', deepJson)).errors.length).toBe(1);
  });

  it('says a file is not a report: random bytes, an image, an HTML page, a plain e-mail', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect((await readOne('logo.png', png)).errors[0]).toMatchObject({ code: 'not-a-report' });
    expect((await readOne('page.html', '<!doctype html><html></html>')).errors[0]!.code).toBe('doctype');
    expect((await readOne('page2.html', '<html><body>hi</body></html>')).errors[0]).toMatchObject({
      code: 'not-a-report',
      error: expect.stringContaining('<html>'),
    });
    const mail = 'From: a@b.example\r\nSubject: hello\r\n\r\nJust a note.\r\n';
    expect((await readOne('note.eml', mail)).errors[0]).toMatchObject({ code: 'not-a-report' });
  });

  it('reads the other files of the drop when some are hostile or broken', async () => {
    const result = await readReports([
      file('good.xml', good),
      file('lolz.xml', BILLION_LAUGHS),
      file('bad.json', '{'),
      file('good2.xml.gz', gzipSync(generateAggregateXml(5, 8).xml)),
      file('bomb.xml.gz', gzipSync(new Uint8Array(32 * 1024 * 1024))),
      file(
        'report.eml',
        makeReportEmail([
          {
            name: 'r.zip',
            type: 'application/zip',
            data: makeZip([{ name: 'r.xml', data: generateAggregateXml(4, 9).xml }]),
          },
        ]),
      ),
    ]);
    expect(result.reports.map((r) => (r as AggregateReport).records.length)).toEqual([20, 5, 4]);
    expect(result.errors.map((e) => [e.file, e.code])).toEqual([
      ['lolz.xml', 'doctype'],
      ['bad.json', 'malformed'],
      ['bomb.xml.gz', 'bomb'],
    ]);
  });

  it('stops when cancelled and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await readReports([file('a.xml', good)], { signal: controller.signal });
    expect(r.cancelled).toBe(true);
    expect(r.errors.at(-1)).toMatchObject({ code: 'cancelled' });
  });

  it('reports progress per file', async () => {
    const seen: number[] = [];
    await readReports([file('a.xml', good), file('b.xml', generateAggregateXml(2, 3).xml)], {
      onProgress: (p) => seen.push(p.filesDone),
    });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(2);
  });
});

describe('never throws (fast-check)', () => {
  it('random bytes give a result, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        const r = await readReports([{ name: 'random.bin', bytes }]);
        expect(r.reports.length + r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('random text after an XML start never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 500, unit: 'binary' }), async (text) => {
        const r = await readReports([file('random.xml', `<feedback>${text}`)]);
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 200 },
    );
    // 200 reads: generous for a loaded 2-core machine (behaviour is asserted, never speed).
  }, 30_000);

  const sample = readFileSync('tests/fixtures/reports/aggregate/stalwart/003.xml', 'utf8');
  it('mutated reports (bytes deleted, replaced, inserted, cut) never throw', async () => {
    const markup = fc.constantFrom(
      '<',
      '>',
      '&',
      '</',
      '/>',
      '<!--',
      ']]>',
      '<![CDATA[',
      '"',
      '&#x0;',
      '&amp',
      '\u0000',
      '\uffff',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(sample.length), fc.nat(20), fc.oneof(markup, fc.string({ maxLength: 5 }))), {
          maxLength: 8,
        }),
        async (edits) => {
          let text = sample;
          for (const [at, del, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + del);
          const r = await readReports([file('mutated.xml', text)]);
          for (const report of r.reports)
            for (const record of (report as AggregateReport).records)
              expect(record.count).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('mutated zip and gzip archives never throw', async () => {
    const zip = makeZip([{ name: 'a.xml', data: sample }]);
    const gz = gzipSync(sample);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(4000), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        async (useZip, flips) => {
          const bytes = Uint8Array.from(useZip ? zip : gz);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const r = await readReports([{ name: 'mutated', bytes }]);
          expect(r.reports.length + r.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a raw deflate stream that never ends does not hang', async () => {
    const r = await readOne(
      'stream.zip',
      makeZip([{ name: 'x.xml', data: deflateRawSync(good).subarray(0, 50), stored: true }]),
    );
    expect(r.errors.length).toBe(1);
  });
});
