// RFC 5321 §4.4 Received trace fields as MTAs really write them (Exchange, Postfix, qmail, Gmail, SendGrid,
// Haraka, Cyrus): from/by/via/with/id/for clauses, client IPs (IPv4, bracketed or bare IPv6, zone ids), TLS, date.

import { formatIp, isNonPublic, parseIp } from '../net/ip';
import { parseMailDate, type ParsedDate } from './date';

export interface Received {
  raw: string;
  from: string | null;
  /** Text of the comment after "from", e.g. "mail.example.com [192.0.2.1]". */
  fromComment: string | null;
  by: string | null;
  byComment: string | null;
  via: string | null;
  with: string | null;
  id: string | null;
  for: string | null;
  /** Every IP address named in the from clause (the client's HELO claim included), normalised. */
  ips: string[];
  /**
   * The connected client's address as the receiving host recorded it: the first public one of `connectedIps`, else
   * the first of them; null when it recorded none. The hop list and the SPF re-check both read this one.
   */
  ip: string | null;
  /**
   * RFC 5321 §4.4: the addresses the receiving MTA recorded for the connection (its TCP-info comment, e.g. Postfix
   * "(rdns [ip])", Exchange "(ip)"), never the client's own HELO/EHLO text; empty when it recorded none.
   */
  connectedIps: string[];
  /** TLS, when the protocol (ESMTPS…) or a comment says so. */
  tls: string | null;
  date: ParsedDate | null;
  dateText: string | null;
  /** Notes about dialects and oddities. */
  notes: string[];
}

const KEYWORDS = ['from', 'by', 'via', 'with', 'id', 'for'] as const;
type Keyword = (typeof KEYWORDS)[number];

/** Split into top-level words and comments, keeping quoted strings and angle addresses whole. */
function tokens(text: string): Array<{ kind: 'word' | 'comment'; text: string }> {
  const out: Array<{ kind: 'word' | 'comment'; text: string }> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      let depth = 0;
      const start = i;
      for (; i < text.length; i++) {
        if (text[i] === '\\') {
          i++;
          continue;
        }
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) break;
      }
      out.push({ kind: 'comment', text: text.slice(start + 1, i) });
      i++;
      continue;
    }
    const start = i;
    if (c === '<') {
      const close = text.indexOf('>', i);
      i = close === -1 ? text.length : close + 1;
    } else {
      while (i < text.length && !/[\s(]/.test(text[i]!)) i++;
    }
    out.push({ kind: 'word', text: text.slice(start, i) });
  }
  return out;
}

/** IPv4 not inside a longer dotted run (Gmail ids such as "2023.12.14.06.48.20" are not addresses). */
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])/g;
const BRACKETED = /\[(?:IPv6:)?([0-9A-Fa-f:.%]+[0-9A-Za-z])\]/g;
/** Anything shaped like an IPv6 address (two or more colons); parseIp decides. */
const BARE_IPV6 = /(?<![\w:.])([0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*)(?:%\w+)?(?![\w:.])/g;

function ipsIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(BRACKETED)) found.push(m[1]!);
  const unbracketed = text.replace(BRACKETED, ' ');
  for (const m of unbracketed.matchAll(IPV4)) found.push(m[0]);
  for (const m of unbracketed.matchAll(BARE_IPV6)) found.push(m[1]!);
  const out: string[] = [];
  for (const candidate of found) {
    const ip = parseIp(candidate);
    if (ip) {
      const text = formatIp(ip);
      if (!out.includes(text)) out.push(text);
    }
  }
  return out;
}

/** The client's own HELO/EHLO argument inside a comment (qmail "(HELO name)", Exim "helo=[ip]"): a claim. */
const HELO_CLAIM = /\b(?:HELO|EHLO)[=\s]+[^\s()]+/gi;
/**
 * The comment holds the HELO (qmail/Yahoo "(EHLO name)", Exim "helo=", its port= and ident=), so the word after
 * "from" is what the receiver saw (Exim's sender_rcvhost, Yahoo's "from 54.240.13.19 (EHLO …)").
 */
const HELO_IN_COMMENT = /\b(?:HELO|EHLO)[=\s]|\b(?:port|ident)=/i;
const ADDRESS_LITERAL = /^\[[^\]]*\]$/;

/**
 * RFC 5321 §4.4: the addresses the receiver recorded (its TCP-info), never the client's HELO/EHLO argument. That
 * argument is one word (RFC 5321 §4.1.1.1), so in "from name [ip]" (RFC 822-era layout, ZoneMTA) the address
 * after the name was written by the receiver.
 */
function connectedIpsOf(words: readonly string[], comments: readonly string[]): string[] {
  const recorded = ipsIn(comments.map((c) => c.replace(HELO_CLAIM, ' ')).join(' '));
  if (recorded.length > 0) return recorded;
  if (comments.some((c) => HELO_IN_COMMENT.test(c))) return ipsIn(words.join(' '));
  const [helo, ...after] = words;
  if (helo !== undefined && !ADDRESS_LITERAL.test(helo))
    return ipsIn(after.filter((w) => ADDRESS_LITERAL.test(w)).join(' '));
  return [];
}

/** The connected client's address the receiver recorded: a public one before an internal one. */
function connectedIpOf(connected: readonly string[]): string | null {
  return connected.find((ip) => !isNonPublic(parseIp(ip)!)) ?? connected[0] ?? null;
}

function tlsOf(withProto: string | null, comments: string): string | null {
  // Old OpenSSL names the protocol family "TLSv1/SSLv3" without the version actually used.
  const family = /\bTLSv1\/SSLv3\b/i.test(comments);
  const version = family ? undefined : /\b(TLS ?v?1[._]?[0-3]|TLSv1(?:\.\d)?|SSLv3)\b/i.exec(comments)?.[1];
  const cipher = /cipher[= ]([A-Z0-9_-]+)/i.exec(comments)?.[1];
  const proto = withProto?.toUpperCase() ?? '';
  // RFC 3848: ESMTPS / ESMTPSA / UTF8SMTPS mean the session used TLS.
  const viaProto = /^(ESMTPSA?|UTF8SMTPSA?|LMTPSA?)$/.test(proto) || proto.endsWith('SMTPS');
  if (!version && !cipher && !viaProto && !/\bwith Microsoft SMTP Server \(version=/i.test(comments))
    return null;
  const v = version
    ?.replace(/_/g, '.')
    .replace(/^TLS ?v?/i, 'TLS ')
    .replace(/^SSLv3/i, 'SSL 3');
  return (
    [v ?? (family ? 'TLS (version not named: “TLSv1/SSLv3”)' : null), cipher].filter(Boolean).join(', ') ||
    'TLS'
  );
}

/** Find where the date starts when there is no ";" (MHA's rule: a weekday name or an ISO date). */
function splitDate(value: string): { clauses: string; dateText: string | null } {
  const semi = value.lastIndexOf(';');
  if (semi !== -1) return { clauses: value.slice(0, semi), dateText: value.slice(semi + 1).trim() };
  const m =
    /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}|\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.exec(
      value,
    );
  if (m) return { clauses: value.slice(0, m.index), dateText: value.slice(m.index).trim() };
  return { clauses: value, dateText: null };
}

/** Parse one Received field value. Never throws. */
export function parseReceived(value: string): Received {
  const text = value.replace(/\s+/g, ' ').trim().slice(0, 8192);
  const { clauses, dateText } = splitDate(text);
  const parts: Partial<Record<Keyword, { words: string[]; comments: string[] }>> = {};
  let current: Keyword | null = null;
  const everyComment: string[] = [];
  for (const t of tokens(clauses)) {
    if (t.kind === 'comment') everyComment.push(t.text);
    const lower = t.text.toLowerCase();
    if (t.kind === 'word' && (KEYWORDS as readonly string[]).includes(lower) && !parts[lower as Keyword]) {
      current = lower as Keyword;
      parts[current] = { words: [], comments: [] };
      continue;
    }
    if (!current) continue;
    const part = parts[current]!;
    if (t.kind === 'comment') part.comments.push(t.text);
    else part.words.push(t.text);
  }
  const first = (k: Keyword) => parts[k]?.words[0]?.replace(/;$/, '') ?? null;
  const comment = (k: Keyword) => (parts[k]?.comments.length ? parts[k]!.comments.join(' ') : null);
  const fromText = [parts.from?.words.join(' ') ?? '', comment('from') ?? ''].join(' ');
  const ips = ipsIn(fromText);
  const connectedIps = connectedIpsOf(parts.from?.words ?? [], parts.from?.comments ?? []);
  const withProto = first('with');
  const allComments = everyComment.join(' ');
  const notes: string[] = [];
  if (/from userid \d+/i.test(allComments))
    notes.push('Postfix local submission (from userid): the message started on this machine.');
  if (/qmail \d+ invoked/i.test(allComments)) notes.push('qmail hand-off inside one machine.');
  if (/\bm=[+-][\d.]+/.test(text))
    notes.push('The date carries a Go monotonic-clock suffix (m=+…), ignored.');
  const date = dateText ? parseMailDate(dateText) : null;
  if (dateText && !date) notes.push(`The date “${dateText.slice(0, 60)}” could not be read.`);
  if (date?.assumedUtc) notes.push('The date has no time zone; UTC was assumed.');
  return {
    raw: value,
    from: first('from'),
    fromComment: comment('from'),
    by: first('by'),
    byComment: comment('by'),
    via: first('via'),
    with: withProto,
    id: first('id'),
    for: first('for')?.replace(/^<|>$/g, '') ?? null,
    ips,
    ip: connectedIpOf(connectedIps),
    connectedIps,
    tls: tlsOf(withProto, allComments),
    date,
    dateText,
    notes,
  };
}
