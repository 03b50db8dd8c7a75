// RFC 7505 null MX with no sender in SPF and no DKIM key: a domain that handles no mail gets the parked-domain
// advice (M3AAWG "Protecting Parked Domains"): "v=spf1 -all" and "v=DMARC1; p=reject;", and nothing to receive or sign.

import type { BimiAnalysis } from '../bimi/analyze';
import type { DkimAnalysis } from '../dkim/discover';
import type { DmarcAnalysis } from '../dmarc/analyze';
import type { AreaAnalysis, Finding } from '../findings';
import type { MtaStsAnalysis } from '../mtasts/analyze';
import type { MxAnalysis } from '../mx/analyze';
import type { SpfAnalysis } from '../spf';
import type { TlsRptAnalysis } from '../tlsrpt/analyze';

/** The records M3AAWG gives a domain that sends and receives no mail. */
export const PARKED_SPF = 'v=spf1 -all';
export const PARKED_DMARC = 'v=DMARC1; p=reject;';

/**
 * The domain says it receives no mail (a lone null MX) and nothing shows it sends any: no SPF record or one that
 * authorizes no network and includes nothing, and no DKIM key found.
 */
export function handlesNoMail(mx: MxAnalysis, spf: SpfAnalysis, dkim: DkimAnalysis): boolean {
  if (mx.delivery !== 'null-mx' || mx.status !== 'found') return false;
  const spfSendsNothing =
    spf.status === 'none' ||
    (spf.status === 'found' &&
      spf.root.children.length === 0 &&
      spf.netblocks.ipv4Networks + spf.netblocks.ipv6Networks === 0 &&
      !spf.root.terms.some((t) => t.kind === 'mechanism' && t.qualifier === '+' && t.name !== 'all'));
  return spfSendsNothing && dkim.status === 'none';
}

type Rewrite = (f: Finding) => Finding;

/** The area with its "none" finding (by code) reworded; every other finding as it was. */
function reword<A extends AreaAnalysis>(a: A, code: string, rewrite: Rewrite): A {
  if (!a.findings.some((f) => f.code === code)) return a;
  return { ...a, findings: a.findings.map((f) => (f.code === code ? rewrite(f) : f)) } as A;
}

/** Not needed for this domain: a note without a fix. */
function notNeeded(why: string): Rewrite {
  return ({ fix: _fix, ...f }) => ({ ...f, severity: 'info', detail: `Not needed: ${why}` });
}

export interface MailAreas {
  spf: SpfAnalysis;
  dmarc: DmarcAnalysis;
  dkim: DkimAnalysis;
  mtaSts: MtaStsAnalysis;
  tlsRpt: TlsRptAnalysis;
  bimi: BimiAnalysis;
}

/** The parked-domain advice in place of the advice for a domain that sends and receives mail. */
export function nonMailAdvice(domain: string, areas: MailAreas): MailAreas {
  const receivesNone = 'the domain receives no mail (null MX, RFC 7505).';
  return {
    spf: reword(areas.spf, 'no-spf', (f) => ({
      ...f,
      fix: `Publish “${PARKED_SPF}” at ${domain}: it receives no mail (null MX), and this says it sends none either, so receivers can reject mail forged in its name.`,
    })),
    dmarc: reword(areas.dmarc, 'no-dmarc', (f) => ({
      ...f,
      fix: `Publish “${PARKED_DMARC}” at _dmarc.${domain}: a domain that sends no mail can go straight to p=reject, with nothing of its own to lose.`,
    })),
    dkim: reword(
      areas.dkim,
      'no-dkim',
      notNeeded('a domain that sends no mail signs nothing, so it needs no DKIM key.'),
    ),
    mtaSts: reword(areas.mtaSts, 'no-mtasts', notNeeded(receivesNone)),
    tlsRpt: reword(areas.tlsRpt, 'no-tlsrpt', notNeeded(receivesNone)),
    bimi: reword(
      areas.bimi,
      'no-bimi',
      notNeeded('the domain sends no mail, so there is no message to show a logo on.'),
    ),
  };
}
