// What this message shows of the bulk-sender rules Gmail, Yahoo and Outlook.com enforce (2024–2025): RFC 8058
// one-click unsubscribe covered by a valid DKIM signature, DKIM aligned with From, and a published DMARC policy.

import type { AlignmentRow, DmarcPolicyHint, Verdict } from './alignment';
import type { HeaderField } from './split';

export interface BulkCheck {
  id: 'list-unsubscribe' | 'one-click' | 'signed' | 'aligned-dkim' | 'dmarc';
  label: string;
  state: 'pass' | 'fail' | 'unknown';
  detail: string;
}

export interface BulkSender {
  checks: BulkCheck[];
  /** The From domain, for a link to the domain check's readiness card. */
  domain: string | null;
}

export interface BulkInput {
  fields: readonly HeaderField[];
  signatures: ReadonlyArray<{
    signature: { domain: string | null; headers: string[] } | null;
    result: string | null;
  }>;
  alignment: readonly AlignmentRow[];
  verdict: Verdict;
  /** The From domain's policy as looked up, when it was. */
  policy: DmarcPolicyHint | null;
  fromDomain: string | null;
}

/** RFC 8058 §3.1: List-Unsubscribe holds angle-bracketed URIs; one must be https. */
function uris(value: string): string[] {
  const out: string[] = [];
  for (let i = value.indexOf('<'); i !== -1; i = value.indexOf('<', i + 1)) {
    const end = value.indexOf('>', i);
    if (end === -1) break;
    out.push(value.slice(i + 1, end).trim());
  }
  return out;
}

/** The message looks like bulk mail: it offers an unsubscribe, or says it is bulk or list mail. */
function looksBulk(fields: readonly HeaderField[]): boolean {
  return fields.some(
    (f) =>
      f.lname === 'list-unsubscribe' ||
      f.lname === 'list-unsubscribe-post' ||
      f.lname === 'feedback-id' ||
      (f.lname === 'precedence' && /bulk|list/i.test(f.value)),
  );
}

/** The checks, or null for a message that does not look like bulk mail. */
export function bulkSenderChecks(input: BulkInput): BulkSender | null {
  if (!looksBulk(input.fields)) return null;
  const unsub = input.fields.find((f) => f.lname === 'list-unsubscribe');
  const post = input.fields.find((f) => f.lname === 'list-unsubscribe-post');
  const https = unsub ? uris(unsub.value).find((u) => /^https:\/\//i.test(u)) : undefined;
  const checks: BulkCheck[] = [];
  checks.push({
    id: 'list-unsubscribe',
    label: 'List-Unsubscribe with an https address',
    state: https ? 'pass' : 'fail',
    detail: https
      ? `List-Unsubscribe offers ${https}.`
      : unsub
        ? 'List-Unsubscribe has no https address (a mailto: alone does not allow one-click unsubscribe).'
        : 'No List-Unsubscribe field.',
  });
  // RFC 8058 §3.1: the POST body must be exactly "List-Unsubscribe=One-Click".
  const oneClick = post?.value.trim() === 'List-Unsubscribe=One-Click';
  checks.push({
    id: 'one-click',
    label: 'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    state: oneClick ? 'pass' : 'fail',
    detail: oneClick
      ? 'One-click unsubscribe is offered (RFC 8058).'
      : post
        ? `List-Unsubscribe-Post says “${post.value.trim().slice(0, 80)}”; it must be exactly List-Unsubscribe=One-Click.`
        : 'No List-Unsubscribe-Post field, so mailbox providers cannot unsubscribe with one click.',
  });
  // RFC 8058 §4: both fields must be covered by a valid DKIM signature.
  const covering = input.signatures.filter(
    (s) =>
      s.signature?.headers.includes('list-unsubscribe') &&
      s.signature.headers.includes('list-unsubscribe-post'),
  );
  const valid = covering.find((s) => s.result === 'pass');
  checks.push({
    id: 'signed',
    label: 'Both fields signed by a valid DKIM signature',
    state: valid ? 'pass' : covering.length > 0 ? 'unknown' : 'fail',
    detail: valid
      ? `The signature of ${valid.signature?.domain} covers both and the receiver verified it.`
      : covering.length > 0
        ? `The signature of ${covering[0]!.signature?.domain} covers both, but the receiver reported no pass for it.`
        : 'No DKIM signature lists both List-Unsubscribe and List-Unsubscribe-Post in h=.',
  });
  const dkimRows = input.alignment.filter((r) => r.kind === 'dkim');
  const aligned = dkimRows.find((r) => r.result === 'pass' && r.relaxed === true);
  checks.push({
    id: 'aligned-dkim',
    label: 'DKIM aligned with the From domain',
    state: aligned ? 'pass' : dkimRows.some((r) => r.result !== null) ? 'fail' : 'unknown',
    detail: aligned
      ? `DKIM passed for ${aligned.domain}, aligned with ${input.fromDomain}.`
      : `No DKIM pass for a domain aligned with ${input.fromDomain ?? 'the From domain'}.`,
  });
  checks.push(dmarcCheck(input));
  return { checks, domain: input.fromDomain };
}

/**
 * A DMARC record exists: the lookup found one, or the receiver evaluated one (dmarc=pass or fail). The lookup's
 * "no record" wins over what the receiver saw then, so the card never says "published" beside "no record".
 */
function dmarcCheck(input: BulkInput): BulkCheck {
  const { verdict: v, policy, fromDomain } = input;
  const check = (state: BulkCheck['state'], detail: string): BulkCheck => ({
    id: 'dmarc',
    label: 'DMARC policy published',
    state,
    detail,
  });
  const judged = v.reported === 'pass' || v.reported === 'fail';
  if (policy?.noRecord)
    return check(
      'fail',
      `${policy.source} publishes no usable DMARC record${judged ? ` today (the receiver evaluated one when the message arrived: dmarc=${v.reported})` : ''}.`,
    );
  if (v.computed === 'none') return check('fail', `The receiver found no DMARC policy for ${fromDomain}.`);
  if (policy) return check('pass', `${policy.source} publishes a policy (p=${policy.p ?? 'none'}).`);
  if (judged)
    return check('pass', `The receiver evaluated DMARC (dmarc=${v.reported}), so a policy is published.`);
  return check(
    'unknown',
    'The receiver did not report DMARC; look up the policy above or in the domain check.',
  );
}
