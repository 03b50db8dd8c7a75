import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { parseBimiRecord } from '../bimi/record';
import { ZoneResolver } from '../dns';
import { parseTlsRptRecord } from '../tlsrpt/record';
import { checkDraft } from './draft-check';
import { bimiIntent, tlsRptIntent } from './draft-intent';
import { bimiNotes } from './draft-notes';
import { draftValidity } from './draft-validity';
import { generateBimi, generateTlsRpt } from './records';

const resolver = new ZoneResolver(fixtureZone());

describe('a draft that is not yet a record someone asked for (lib/generate/draft-intent)', () => {
  it('TLS-RPT before anything is typed asks where reports should go: not "✗ Invalid", no field error', () => {
    const record = generateTlsRpt({ rua: [] });
    const issues = parseTlsRptRecord(record).issues;
    // Before: the parser's error about the empty rua was the verdict ("✗ Invalid … rua “” must be …").
    expect(issues.some((i) => i.severity === 'error')).toBe(true);
    const v = draftValidity({ issues, check: null, pending: 'no-domain', intent: tlsRptIntent({ rua: [] }) });
    expect(v).toMatchObject({
      state: 'empty',
      badge: 'Not filled in',
      headline: 'Add where reports should go: an email address or an https:// URL.',
      issues: [],
      publishable: false,
    });
    // Once something is typed, the parser speaks again: a bad URI is an error on the field.
    const typed = ['ftp://nope'];
    expect(tlsRptIntent({ rua: typed })).toBeNull();
    const bad = draftValidity({
      issues: parseTlsRptRecord(generateTlsRpt({ rua: typed })).issues,
      check: null,
      intent: tlsRptIntent({ rua: typed }),
    });
    expect(bad.state).toBe('invalid');
  });

  it('BIMI with both URLs empty declines BIMI: said, never green, the Copy buttons say so', async () => {
    const o = { logo: '', authority: '' };
    const record = generateBimi(o);
    expect(record).toBe('v=BIMI1; l=; a=;');
    const check = await checkDraft('bimi', 'bench.example', record, resolver);
    const v = draftValidity({
      issues: [...parseBimiRecord(record).issues, ...bimiNotes(o)],
      check,
      intent: bimiIntent(o),
    });
    expect(v).toMatchObject({
      state: 'declines',
      badge: 'Declines BIMI',
      publishable: true,
      copy: { label: 'Copy opt-out', note: 'declines BIMI' },
    });
    expect(v.badge).not.toMatch(/✓/);
    expect(v.headline).toMatch(/^With both URLs empty this record declines BIMI/);
    // Declining is not a fix: "No BIMI record" is not "resolved by this draft".
    expect(check.resolved.map((f) => f.code)).toEqual(['no-bimi']);
    expect(v.resolved).toEqual([]);
    // A logo (or a certificate alone) is no declination.
    expect(bimiIntent({ logo: 'https://bench.example/logo.svg', authority: '' })).toBeNull();
    expect(bimiIntent({ logo: '', authority: 'https://bench.example/vmc.pem' })).toBeNull();
  });

  it('BIMI with a logo and no a=: the a= warning is said once, by the note on the a field', async () => {
    const o = { logo: 'https://deep-spf.example/logo.svg', authority: '' };
    const record = generateBimi(o);
    const check = await checkDraft('bimi', 'deep-spf.example', record, resolver);
    expect(check.draft.analysis.findings.map((f) => f.code)).toContain('bimi-no-vmc');
    const v = draftValidity({ issues: [...parseBimiRecord(record).issues, ...bimiNotes(o)], check });
    const certificate = v.issues.filter((i) => /certificate|a=/i.test(i.message));
    expect(certificate.map((i) => [i.code, i.tag])).toEqual([['bimi-no-certificate', 'a']]);
  });
});
