// RFC 7208 advice that needs no DNS: the all qualifier, dead terms, ptr, %{p}, redirect ignored, host bits, size.

import { utf8Length } from '../dns/txt';
import { formatIp, hasHostBits, networkAddress } from '../net/ip';
import { spfIssue as note } from './issue';
import { RECORD_SIZE_WARNING, UDP_ANSWER_LIMIT } from './limits';
import type { SpfIssue, SpfRecord } from './types';

/** Advice about one parsed record on its own, as positioned issues (errors only for +all). */
export function lintSpfRecord(record: SpfRecord): SpfIssue[] {
  const out: SpfIssue[] = [];
  const allIndex = record.mechanisms.findIndex((m) => m.name === 'all');
  const all = allIndex === -1 ? null : record.mechanisms[allIndex]!;
  if (all) {
    // RFC 7208 §5.1: all always matches; what follows it is never evaluated.
    if (all.qualifier === '+') {
      out.push(
        note(
          'error',
          'plus-all',
          '“+all” authorizes every server on the Internet to send mail as this domain.',
          all.start,
          all.end,
          'Replace +all with -all (or ~all while you finish the list).',
        ),
      );
    } else if (all.qualifier === '?') {
      out.push(
        note(
          'warning',
          'neutral-all',
          '“?all” (neutral) says nothing about other servers, so SPF gives no protection.',
          all.start,
          all.end,
          'Use -all, or ~all while you confirm every sender is listed.',
        ),
      );
    } else if (all.qualifier === '~') {
      out.push(
        note(
          'info',
          'softfail-all',
          '“~all” (softfail): unlisted servers are suspicious but not refused. With DMARC enforcing, this is common and fine; -all is stricter.',
          all.start,
          all.end,
        ),
      );
    }
    const after = record.terms.filter((t) => t.start > all.start && t.kind === 'mechanism');
    if (after.length > 0) {
      const first = after[0]!;
      out.push(
        note(
          'warning',
          'after-all',
          `${after.map((t) => `“${t.text}”`).join(', ')} come${after.length === 1 ? 's' : ''} after “${all.text}” and will never be evaluated.`,
          first.start,
          after[after.length - 1]!.end,
          `Move them before “${all.text}”.`,
        ),
      );
    }
    if (record.redirect) {
      out.push(
        note(
          'warning',
          'redirect-ignored',
          `“${record.redirect.text}” is ignored because the record has “${all.text}” (RFC 7208 §6.1).`,
          record.redirect.start,
          record.redirect.end,
          'Remove the all mechanism to use the redirect, or remove the redirect.',
        ),
      );
    }
  } else if (!record.redirect) {
    out.push(
      note(
        'warning',
        'no-all',
        'The record has no “all” and no redirect, so unlisted servers get “neutral”: no protection.',
        0,
        6,
        'End the record with -all (or ~all).',
      ),
    );
  }
  const seen = new Map<string, number>();
  for (const term of record.terms) {
    const key = term.text.toLowerCase().replace(/^\+/, '');
    if (seen.has(key)) {
      out.push(
        note(
          'warning',
          'duplicate-term',
          `“${term.text}” appears twice; the second costs a lookup and adds nothing.`,
          term.start,
          term.end,
          'Remove the duplicate.',
        ),
      );
    }
    seen.set(key, term.start);
    if (term.kind === 'mechanism' && term.name === 'ptr') {
      out.push(
        note(
          'warning',
          'ptr',
          '“ptr” is slow and unreliable; RFC 7208 §5.5 says it SHOULD NOT be used, and many receivers ignore it.',
          term.start,
          term.end,
          'List the servers with ip4/ip6 or a instead.',
        ),
      );
    }
    if (term.macro?.some((t) => t.kind === 'macro' && t.letter === 'p')) {
      out.push(
        note(
          'warning',
          'p-macro',
          `“${term.text}” uses %{p}, which RFC 7208 §7.3 discourages (slow, unreliable).`,
          term.start,
          term.end,
        ),
      );
    }
    if (term.kind === 'mechanism' && term.network) {
      const prefix = term.name === 'ip4' ? (term.cidr4 ?? 32) : (term.cidr6 ?? 128);
      if (hasHostBits(term.network, prefix)) {
        out.push(
          note(
            'info',
            'host-bits',
            `“${term.text}” has host bits set; it means ${formatIp(networkAddress(term.network, prefix))}/${prefix}.`,
            term.start,
            term.end,
            `Write ${term.name}:${formatIp(networkAddress(term.network, prefix))}/${prefix}.`,
          ),
        );
      }
      if (term.name === 'ip4' && prefix < 8) {
        out.push(
          note(
            'warning',
            'huge-network',
            `“${term.text}” authorizes ${2 ** (32 - prefix)} addresses: almost certainly a mistake.`,
            term.start,
            term.end,
          ),
        );
      }
    }
  }
  const size = utf8Length(record.text);
  if (size > RECORD_SIZE_WARNING) {
    out.push(
      note(
        'warning',
        'record-size',
        `The record is ${size} bytes; keep SPF answers under ${UDP_ANSWER_LIMIT} bytes (RFC 7208 §3.4) so they fit one UDP packet.`,
        0,
        record.text.length,
        'Move senders into an include on a subdomain.',
      ),
    );
  }
  return out;
}
