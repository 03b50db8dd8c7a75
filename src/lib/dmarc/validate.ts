// RFC 9989 §4.7 tag values and the rules between tags, with the RFC 7489 strict mode's differences.

import type { IssueSeverity } from '../findings/issue';
import {
  KNOWN_TAGS,
  REQUESTS,
  type DmarcIssueCode,
  type DmarcMode,
  type DmarcRecordKind,
  type DmarcRequest,
} from './types';
import { parseUri, trimWsp } from './uri';

/** Record one issue; `tag` is the tag it is about (its position is added by the caller). */
export type AddIssue = (
  severity: IssueSeverity,
  code: DmarcIssueCode,
  tag: string | null,
  message: string,
  fix?: string,
) => void;

/** RFC 9989 §4.7: each tag's value, and the rules between tags (p first, p missing, policy fallback). */
export function validateTags(
  tags: ReadonlyMap<string, string>,
  mode: DmarcMode,
  kind: DmarcRecordKind,
  add: AddIssue,
): void {
  const strict = mode === 'rfc7489';
  // The tags after v=DMARC1, in the order published.
  const order = [...tags.keys()].filter((name) => name !== 'v');
  const [fo, rua, pct, ri, rf] = (['fo', 'rua', 'pct', 'ri', 'rf'] as const).map((t) => tags.get(t));
  const historic = (tag: 'pct' | 'rf' | 'ri', message: string) => {
    // RFC 9989 Appendix A.6: pct, rf and ri are historic; RFC 7489 receivers still reject a bad value.
    if (strict) add('error', `bad-${tag}`, tag, message);
    else
      add(
        'warning',
        `bad-${tag}`,
        tag,
        `${message} (${tag} is historic in RFC 9989 and ignored by its receivers).`,
      );
  };
  let policyBroken = false;
  for (const tag of ['p', 'sp', 'np'] as const) {
    const v = tags.get(tag);
    if (v !== undefined && !REQUESTS.includes(v.toLowerCase() as DmarcRequest)) {
      policyBroken = true;
      add(
        strict ? 'warning' : 'error',
        `bad-${tag}`,
        tag,
        `${tag}=${v} is not a policy: use none, quarantine or reject.`,
        // RFC 9989 §7.2 rollout: a broken p= acts as none already; start there with reports, then tighten.
        tag === 'p'
          ? 'Write p=none with a rua= report address (step 1 of the rollout guide), then move to quarantine and reject as the reports allow.'
          : `Write ${tag}=quarantine or ${tag}=reject.`,
      );
    }
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    const v = tags.get(tag);
    if (v !== undefined && !['r', 's'].includes(v.toLowerCase())) {
      add('error', `bad-${tag}`, tag, `${tag}=${v} is not valid: use r (relaxed) or s (strict).`);
    }
  }
  for (const tag of ['t', 'psd'] as const) {
    const v = tags.get(tag);
    const allowed = tag === 't' ? ['y', 'n'] : ['y', 'n', 'u'];
    if (v !== undefined && !allowed.includes(v.toLowerCase())) {
      add('error', `bad-${tag}`, tag, `${tag}=${v} is not valid: use ${allowed.join(' or ')}.`);
    }
  }
  if (fo !== undefined) {
    const values = fo.split(':').map((s) => trimWsp(s).toLowerCase());
    const bad = values.filter((v) => !['0', '1', 'd', 's'].includes(v));
    if (bad.length > 0)
      add('error', 'bad-fo', 'fo', `fo=${fo} is not valid: use 0, 1, d or s, separated by “:”.`);
    else if (values.includes('0') && values.includes('1')) {
      add(
        'warning',
        'fo-redundant',
        'fo',
        'fo lists both 0 and 1; 1 (report any failure) already includes 0, so 0 is redundant.',
        'Keep fo=1.',
      );
    }
  }
  for (const tag of ['rua', 'ruf'] as const) {
    const list = tags.get(tag);
    if (list === undefined) continue;
    for (const raw of list.split(',').map(trimWsp)) {
      const uri = parseUri(raw, mode);
      if (!uri.valid) add('error', `bad-${tag}`, tag, `${tag}: ${uri.problem}`);
      else if (uri.maxSize !== null || raw.includes('!')) {
        add(
          'info',
          'size-suffix',
          tag,
          `“${raw}” has a size limit (!…), which RFC 9989 made obsolete; receivers ignore it.`,
        );
      }
      if (uri.valid && uri.scheme !== 'mailto') {
        add(
          'warning',
          'non-mailto',
          tag,
          `“${uri.uri}”: receivers only have to support mailto: report addresses.`,
          'Use a mailto: address.',
        );
      }
    }
  }
  if (pct !== undefined) {
    if (!/^\d{1,3}$/.test(pct) || Number(pct) > 100)
      historic('pct', `pct=${pct} is not a percentage from 0 to 100`);
    else if (!strict)
      add(
        'info',
        'historic-pct',
        'pct',
        'The pct tag was removed in RFC 9989 (historic); newer receivers ignore it and apply the policy to all failing mail.',
      );
  }
  if (ri !== undefined) {
    if (!/^\d{1,10}$/.test(ri) || Number(ri) > 2 ** 31 - 1)
      historic('ri', `ri=${ri} is not a number of seconds`);
    else if (!strict)
      add(
        'info',
        'historic-ri',
        'ri',
        'The ri tag was removed in RFC 9989 (historic); receivers send aggregate reports daily regardless.',
      );
  }
  if (rf !== undefined) {
    const formats = rf.split(':').map(trimWsp);
    if (formats.some((f) => !/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(f)))
      historic('rf', `rf=${rf} is not a list of report formats`);
    else if (!strict)
      add(
        'info',
        'historic-rf',
        'rf',
        'The rf tag was removed in RFC 9989 (historic); failure reports always use AFRF.',
      );
  }
  for (const name of order) {
    if (!(KNOWN_TAGS as readonly string[]).includes(name)) {
      add(
        'warning',
        'unknown-tag',
        name,
        `Unknown DMARC tag “${name}”; receivers ignore it.`,
        'Check the spelling or remove it.',
      );
    }
  }
  if (kind === 'report-authorization') return;
  const hasValidRua = rua !== undefined && rua.split(',').some((raw) => parseUri(trimWsp(raw), mode).valid);
  if (tags.get('p') === undefined) {
    if (hasValidRua) {
      add(
        'warning',
        'missing-p',
        'p',
        'There is no p= tag, so receivers treat the record as p=none (monitoring only).',
        'Add p=none, p=quarantine or p=reject right after v=DMARC1.',
      );
    } else {
      add(
        'error',
        'missing-p',
        'p',
        'There is no p= tag and no valid rua=, so receivers apply no DMARC at all (RFC 9989 §4.10.1).',
        'Add p=none (to start monitoring) and a rua= address for reports.',
      );
    }
  } else if (order[0] !== 'p') {
    if (strict)
      add(
        'error',
        'p-not-first',
        'p',
        'RFC 7489 requires p= to come directly after v=DMARC1.',
        'Move p= right after v=DMARC1.',
      );
    else
      add(
        'info',
        'p-not-first',
        'p',
        'The p tag does not immediately follow the v tag; RFC 9989 allows that, but older RFC 7489 receivers may reject the record.',
        'Move p= right after v=DMARC1.',
      );
  }
  if (policyBroken) {
    if (hasValidRua) {
      add(
        'warning',
        'policy-fallback',
        'p',
        'Because a policy tag is invalid and rua= holds a valid address, receivers act as if the record said p=none (RFC 7489 §6.6.3, RFC 9989 §4.10.1).',
      );
    } else if (strict) {
      add(
        'error',
        'policy-invalid',
        'p',
        'A policy tag is invalid and there is no valid rua=, so receivers apply no DMARC at all.',
      );
    }
  }
}
