// The one summarizer: status and findings to a summary line, the same rule for every area.
import { describe, expect, it } from 'vitest';
import { analyzeDkim } from '../dkim/discover';
import { ZoneResolver, type Zone } from '../dns/zone';
import type { AreaAnalysis, Finding } from '../findings';
import { analyzeMtaSts } from '../mtasts/analyze';
import {
  COULD_NOT_CHECK,
  DKIM_WORDS,
  summarizeArea,
  summarizeDkim,
  summarizeMtaSts,
  type AreaWords,
} from './areas';

const words: AreaWords<AreaAnalysis> = {
  id: 'bimi',
  title: 'BIMI',
  found: () => 'Fine.',
  quiet: (a) => a.status === 'none',
};
const finding = (severity: Finding['severity'], title: string): Finding => ({
  severity,
  code: 'x',
  title,
  detail: '',
});
const area = (status: AreaAnalysis['status'], findings: Finding[]): AreaAnalysis => ({
  domain: 'a.example',
  status,
  findings,
});

describe('summarizeArea', () => {
  it('words a DNS failure once, as could not check, with its cause', () => {
    const failed = { ...finding('unknown', 'Could not check BIMI'), cause: 'timed out' };
    expect(summarizeArea(area('error', [failed]), words)).toEqual({
      id: 'bimi',
      title: 'BIMI',
      status: 'unknown',
      headline: `${COULD_NOT_CHECK} (timed out).`,
      cause: 'timed out',
      lasting: false,
    });
  });

  it('carries the lasting flag of the finding that names the cause', () => {
    const capped = {
      ...finding('unknown', 'Cut at 1,000 records'),
      cause: 'answer over 1,000 records',
      lasting: true,
    };
    expect(summarizeArea(area('error', [capped]), words)).toMatchObject({
      cause: 'answer over 1,000 records',
      lasting: true,
    });
    // A finding without a cause does not lend its flag to another's cause.
    const other = { ...finding('unknown', 'Something else'), lasting: true };
    const timedOut = { ...finding('unknown', 'Could not check BIMI'), cause: 'timed out' };
    expect(summarizeArea(area('error', [other, timedOut]), words)).toMatchObject({
      cause: 'timed out',
      lasting: false,
    });
  });

  it('says what could not be checked beside what was found', () => {
    const partly = area('found', [{ ...finding('unknown', 'Could not resolve a:x'), cause: 'SERVFAIL' }]);
    expect(summarizeArea(partly, words)).toMatchObject({
      status: 'unknown',
      headline: 'Fine. Not everything could be checked (SERVFAIL).',
      cause: 'SERVFAIL',
    });
  });

  it('shows an optional area that is not set up as info, unless a finding warns', () => {
    expect(summarizeArea(area('none', [finding('info', 'No BIMI')]), words)).toMatchObject({
      status: 'info',
      headline: 'Not set up.',
    });
    expect(summarizeArea(area('none', [finding('warning', 'Half set up')]), words).status).toBe('warn');
  });

  it('leads with the worst problem when a found record fails, or for several or invalid records', () => {
    const problems = [finding('warning', 'Odd'), finding('error', 'Broken.')];
    expect(summarizeArea(area('found', problems), words)).toMatchObject({
      status: 'fail',
      headline: 'Broken.',
    });
    // Amber says why: the first warning follows what was found.
    expect(summarizeArea(area('found', [finding('warning', 'Odd')]), words)).toMatchObject({
      status: 'warn',
      headline: 'Fine. Odd.',
    });
    expect(summarizeArea(area('invalid', problems), words).headline).toBe('Broken.');
    expect(summarizeArea(area('multiple', []), words).headline).toBe('No usable record.');
  });

  it('an amber summary names its first warning and counts the rest, unless the found words already say it', () => {
    const warnings = [finding('info', 'Note'), finding('warning', 'Odd.'), finding('warning', 'Odder')];
    expect(summarizeArea(area('found', warnings), words).headline).toBe('Fine. Odd, and 1 more warning.');
    expect(summarizeArea(area('found', [...warnings, finding('warning', 'Oddest')]), words).headline).toBe(
      'Fine. Odd, and 2 more warnings.',
    );
    expect(summarizeArea(area('found', warnings), { ...words, foundSaysWhy: true }).headline).toBe('Fine.');
  });
});

const z = (records: Zone['records']) => new ZoneResolver({ records });

describe('area summaries', () => {
  it('DKIM: every selector lookup failing is could not check, not “no key at the common selectors”', async () => {
    const d = await analyzeDkim(
      'k.example',
      z({ '_domainkey.k.example': { TXT: ['x'] }, '*._domainkey.k.example': { $rcode: 'SERVFAIL' } }),
    );
    expect(d.status).toBe('error');
    expect(summarizeDkim(d)).toMatchObject({ status: 'unknown', headline: `${COULD_NOT_CHECK} (SERVFAIL).` });
  });

  it('DKIM: names proven to exist under _domainkey (no wildcard) read as info, badge “Selector needed”, not “Not used”', async () => {
    const d = await analyzeDkim('k.example', z({ 'sel2026._domainkey.k.example': { TXT: ['v=DKIM1; p='] } }));
    expect(summarizeArea(d, DKIM_WORDS)).toMatchObject({
      status: 'info',
      label: 'Selector needed',
      headline: expect.stringMatching(
        /^No key at the \d+ selectors tried; names exist under _domainkey, most likely keys under other selectors\. Type your selector under Options/,
      ),
    });
  });

  it('MTA-STS: a found record whose policy host is missing leads with that problem', async () => {
    const m = await analyzeMtaSts('m.example', z({ '_mta-sts.m.example': { TXT: ['v=STSv1; id=1'] } }));
    expect(summarizeMtaSts(m)).toMatchObject({
      status: 'fail',
      headline: 'mta-sts.m.example does not resolve.',
    });
  });
});
