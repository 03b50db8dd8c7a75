// RFC 8020 §2 and RFC 4592: what the answer at _domainkey.<domain> proves, over the zone fixtures.
import { describe, expect, it } from 'vitest';
import { fixtureZone } from '../../../tests/support/zones';
import { ZoneResolver } from '../dns/zone';
import { summarizeDkim } from '../report/areas';
import { analyzeDkim } from './discover';
import { leavesSelectorOpen, selectorNeededSentence } from './domainkey-node';

const zone = new ZoneResolver(fixtureZone());

describe('the _domainkey node', () => {
  it.each([
    // `*.many-mx.example A`: _domainkey.many-mx.example answers NOERROR only through the wildcard.
    ['many-mx.example', 'wildcard'],
    ['dkim-wildcard.codes.example', 'wildcard'],
    // `_domainkey.dkim-own.codes.example TXT "o=~"`: the name exists in its own right.
    ['dkim-own.codes.example', 'own-records'],
    // sel2026 is published; the probe name below _domainkey does not exist.
    ['dkim-other.codes.example', 'names-below'],
    ['mailer.example', 'nxdomain'],
    ['dkim-probe-fail.codes.example', 'error'],
    ['dkim-node-fail.codes.example', 'error'],
  ])('%s reads as %s', async (domain, node) => {
    expect((await analyzeDkim(domain, zone)).domainkeyNode).toBe(node);
  });

  it('a wildcard is not “keys are published”: a warning like no DKIM, not an info badge', async () => {
    for (const domain of ['many-mx.example', 'dkim-wildcard.codes.example']) {
      const d = await analyzeDkim(domain, zone);
      expect(d.status).toBe('none');
      expect(d.findings.map((f) => [f.severity, f.code])).toEqual([['warning', 'dkim-not-found']]);
      const text = d.findings.map((f) => `${f.title} ${f.detail} ${f.fix}`).join(' ');
      expect(text).toContain(`_authlens-wildcard-probe._domainkey.${domain}`);
      expect(text).toContain('wildcard');
      expect(text).not.toMatch(/keys are published|keys exist/);
      const summary = summarizeDkim(d);
      expect(summary.status).toBe('warn');
      expect(summary.headline).toBe(
        'No DKIM key found at the 33 common selectors (a wildcard answers under _domainkey, which proves nothing). Name yours under Options.',
      );
    }
  });

  it('a TXT record at _domainkey itself proves neither keys nor their absence: “Selector needed”, not a warning', async () => {
    const d = await analyzeDkim('dkim-own.codes.example', zone);
    expect(d.findings.map((f) => [f.severity, f.code])).toEqual([['info', 'dkim-unknown-selector']]);
    expect(d.findings[0]!.detail).toMatch(
      /says nothing about keys under other selectors: they may exist or not/,
    );
    expect(summarizeDkim(d)).toEqual({
      id: 'dkim',
      title: 'DKIM',
      status: 'info',
      label: 'Selector needed',
      headline:
        'No key at the 33 selectors tried; _domainkey holds a record of its own, which says nothing about keys under other selectors. Type your selector under Options (the s= tag of a DKIM-Signature header names it), or paste a message header in Header analysis.',
      cause: null,
      lasting: false,
    });
  });

  it('leavesSelectorOpen: only names below and a record of its own leave the selector open', () => {
    const nodes = ['nxdomain', 'names-below', 'own-records', 'wildcard', 'error'] as const;
    expect(nodes.filter(leavesSelectorOpen)).toEqual(['names-below', 'own-records']);
    // The sentence says what was checked and what to do, never "not used" or "no keys".
    for (const node of ['names-below', 'own-records'] as const) {
      const sentence = selectorNeededSentence(node, 34);
      expect(sentence).toMatch(/^No key at the 34 selectors tried; .*Type your selector under Options/);
      expect(sentence).not.toMatch(/not used|no keys|not published/i);
    }
  });

  it('a named selector that finds the key ends the open question: no “Selector needed” label', async () => {
    const d = await analyzeDkim('dkim-other.codes.example', zone, { selectors: ['sel2026'] });
    expect(d.status).toBe('found');
    expect(summarizeDkim(d).label).toBeUndefined();
  });

  it('the badge for an unproven node is no softer than for NXDOMAIN', async () => {
    const nx = summarizeDkim(await analyzeDkim('mailer.example', zone));
    const wild = summarizeDkim(await analyzeDkim('many-mx.example', zone));
    expect(nx.status).toBe('warn');
    expect(wild.status).toBe(nx.status);
  });

  it('a failed probe is could not check, never a guess either way', async () => {
    const d = await analyzeDkim('dkim-probe-fail.codes.example', zone);
    expect(d.status).toBe('error');
    expect(d.findings.map((f) => [f.severity, f.code, f.title])).toEqual([
      [
        'unknown',
        'dkim-dns-error',
        'Could not tell whether a wildcard answers under _domainkey.dkim-probe-fail.codes.example',
      ],
    ]);
    expect(summarizeDkim(d).status).toBe('unknown');
  });

  it('a key found decides: the probe does not matter then', async () => {
    const d = await analyzeDkim('good.example', zone);
    expect(d.status).toBe('found');
    expect(d.domainkeyNode).toBe('names-below');
  });
});
