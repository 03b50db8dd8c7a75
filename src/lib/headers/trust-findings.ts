// RFC 8601 §5 and §7.1 in words: a verdict the final receiver did not write is not shown as its verdict, a result
// that cannot be tied to a receiving server says so, and contradictory results from one receiver are shown.

import type { Finding } from '../findings';
import type { Verdict } from './alignment';
import type { AuthResField, TrustBoundary } from './trust';

/** The verdict as the trust boundary lets it stand. */
export function boundedVerdict(verdict: Verdict, boundary: TrustBoundary): Verdict {
  const fields = boundary.fields;
  const own = fields.filter((f) => f.trust === 'receiver');
  const upstream = fields.filter((f) => f.trust === 'upstream' && f.parse.ok);
  if (own.length === 0 && upstream.length > 0) {
    const who = [...new Set(upstream.map((f) => f.authservId ?? 'an unnamed server'))].join(', ');
    return {
      computed: 'unknown',
      reported: null,
      sentence: `DMARC cannot be judged: the final receiver${boundary.finalOrg ? ` (${boundary.finalOrg})` : ''} added no Authentication-Results${boundary.finalOrg ? '' : ' that can be found'}. The results in these headers were written by ${who} before the message reached it, so they say what an earlier server saw, not what the receiver decided.`,
      fix: 'Ask the receiving mail system to add Authentication-Results (RFC 8601), or paste the headers as the final recipient received them.',
    };
  }
  if (own.length > 0 && own.every((f) => !f.tied) && verdict.computed === 'pass') {
    return {
      ...verdict,
      sentence: `${verdict.sentence} These results come from ${own[0]!.authservId ?? 'a server'} that no Received field names, so they cannot be tied to a receiver: treat the pass as a claim.`,
    };
  }
  return verdict;
}

function contradictions(own: readonly AuthResField[]): string[] {
  const out: string[] = [];
  for (const method of ['spf', 'dmarc', 'dkim-adsp', 'compauth']) {
    const said = own.flatMap((f) =>
      f.parse.ok ? f.parse.results.filter((r) => r.method === method).map((r) => r.result) : [],
    );
    if (new Set(said).size > 1) out.push(said.map((r) => `${method}=${r}`).join(' and '));
  }
  return out;
}

export function trustFindings(boundary: TrustBoundary, hasReceived: boolean): Finding[] {
  const out: Finding[] = [];
  const own = boundary.fields.filter((f) => f.trust === 'receiver');
  if (own.length > 0 && own.every((f) => !f.tied) && hasReceived)
    out.push({
      severity: 'warning',
      code: 'authres-untied',
      title: 'The receiver’s results cannot be tied to a server',
      detail: `The topmost Authentication-Results names ${own[0]!.authservId ?? 'no server'}, which appears in no Received field. It is read as the final receiver’s, but a pass from it is a claim until you know that name is your mail system’s.`,
      spec: 'RFC 8601 §5',
    });
  const clash = contradictions(own);
  if (clash.length > 0)
    out.push({
      severity: 'warning',
      code: 'contradictory-results',
      title: 'The receiver wrote contradictory results',
      detail: `The final receiver’s fields say ${clash.join('; ')}. Both are shown; the first is used for the verdict.`,
      spec: 'RFC 8601 §2.7',
    });
  return out;
}
