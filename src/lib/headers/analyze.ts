// Header analysis: from pasted text to the summary, hops, results (with the trust boundary), DKIM signatures,
// ARC, alignment and one plain verdict. Pure and synchronous, so it runs in a Worker for large pastes.

import { analyzeArcStructure, type ArcStructure } from '../arc/structure';
import { lintDkimSignature, parseDkimSignature, type DkimSignature } from '../dkim/signature';
import type { Finding } from '../findings';
import { parseAddressList, type Mailbox } from './address';
import {
  computeAlignment,
  dkimDomain,
  type AlignmentRow,
  type DmarcPolicyHint,
  type Verdict,
} from './alignment';
import type { AuthResResult } from './authres';
import { explainCompauth, type CompauthReason } from './compauth';
import { parseMailDate, type ParsedDate } from './date';
import { parseReceived, type Received } from './received';
import { decodeEncodedWords } from './rfc2047';
import { splitHeaders, type HeaderField } from './split';
import { hasControls } from './text';
import { classifyAuthResults, type AuthResField } from './trust';

/** Largest paste analysed (the issue's 25 MB with room); the header section is all that is scanned. */
export const MAX_INPUT_CHARS = 32 * 1024 * 1024;
/** More header fields than any real message has. */
export const MAX_FIELDS = 20_000;

export interface Hop {
  /** 1 = the first server (bottom Received field). */
  number: number;
  received: Received;
  /** Time since the previous hop in ms; null when either date is missing. */
  delayMs: number | null;
  /** The clock of this or the previous server is off: the hop appears to happen before the previous one. */
  skew: boolean;
}

export interface DecodedValue {
  raw: string;
  text: string;
  encoded: boolean;
  /** Contains control characters or bidi overrides (shown escaped). */
  controls: boolean;
}

export interface Summary {
  from: Mailbox[];
  fromText: DecodedValue | null;
  to: DecodedValue | null;
  cc: DecodedValue | null;
  replyTo: DecodedValue | null;
  subject: DecodedValue | null;
  date: { text: string; parsed: ParsedDate | null } | null;
  messageId: string | null;
  returnPath: string | null;
  deliveredTo: string | null;
  /** First Received date to last Received date, in ms. */
  deliveryMs: number | null;
  listUnsubscribe: boolean;
  oneClickUnsubscribe: boolean;
}

export interface SignatureInfo {
  line: number;
  signature: DkimSignature | null;
  error: string | null;
  /** The receiver's result for this signature, matched by d= (and b= prefix when given). */
  result: string | null;
  findings: Finding[];
}

export interface ReceiverResults {
  authservId: string | null;
  spf: AuthResResult | null;
  dkim: AuthResResult[];
  dmarc: AuthResResult | null;
  arc: AuthResResult | null;
  compauth: (AuthResResult & { explained: CompauthReason | null }) | null;
  bimi: AuthResResult | null;
  iprev: AuthResResult | null;
}

export interface HeaderAnalysis {
  fields: HeaderField[];
  warnings: string[];
  summary: Summary;
  hops: Hop[];
  authResults: AuthResField[];
  receiver: ReceiverResults;
  signatures: SignatureInfo[];
  arc: ArcStructure & { narrative: string | null };
  alignment: AlignmentRow[];
  verdict: Verdict;
  findings: Finding[];
  /** The From domain whose DMARC policy a live lookup should fetch. */
  fromDomain: string | null;
  /** A body followed the headers (a whole message), so signatures can be verified. */
  hadBody: boolean;
  /** The time signatures are judged at (t=/x=): the newest Received date, else now (epoch ms). */
  judgedAt: number;
}

export interface AnalyzeHeadersOptions {
  /** For t=/x= checks; defaults to the newest Received date, else now. */
  now?: Date;
  policy?: DmarcPolicyHint | null;
}

function decoded(field: HeaderField | undefined): DecodedValue | null {
  if (!field) return null;
  const d = decodeEncodedWords(field.value);
  return { raw: field.value, text: d.text, encoded: d.encoded, controls: hasControls(d.text) };
}

function hopsOf(fields: readonly HeaderField[]): Hop[] {
  const received = fields.filter((f) => f.lname === 'received').reverse();
  const hops: Hop[] = [];
  let previous: number | null = null;
  received.forEach((f, i) => {
    const r = parseReceived(f.value);
    const t = r.date?.epoch ?? null;
    const delayMs = t !== null && previous !== null ? t - previous : null;
    hops.push({ number: i + 1, received: r, delayMs, skew: delayMs !== null && delayMs < -1000 });
    if (t !== null) previous = t;
  });
  return hops;
}

function receiverResults(fields: readonly AuthResField[]): ReceiverResults {
  const trusted = fields.filter((f) => f.trust === 'receiver' && f.parse.ok);
  const results = trusted.flatMap((f) => (f.parse.ok ? f.parse.results : []));
  const first = (method: string) => results.find((r) => r.method === method) ?? null;
  // RFC 8601 §2.7.2 / happydeliver#14: prefer the MAIL FROM SPF result over a HELO one.
  const spfs = results.filter((r) => r.method === 'spf');
  const spf = spfs.find((r) => r.properties.some((p) => p.property === 'mailfrom')) ?? spfs[0] ?? null;
  const compauth = first('compauth');
  return {
    authservId: trusted[0]?.authservId ?? null,
    spf,
    dkim: results.filter((r) => r.method === 'dkim'),
    dmarc: first('dmarc'),
    arc: first('arc'),
    compauth: compauth ? { ...compauth, explained: explainCompauth(compauth.reason) } : null,
    bimi: first('bimi'),
    iprev: first('iprev'),
  };
}

function signaturesOf(fields: readonly HeaderField[], receiver: ReceiverResults, now: Date): SignatureInfo[] {
  const names = fields.map((f) => f.lname);
  return fields
    .filter((f) => f.lname === 'dkim-signature')
    .map((f) => {
      const parsed = parseDkimSignature(f.value);
      if (!parsed.ok)
        return {
          line: f.line,
          signature: null,
          error: parsed.error,
          result: null,
          findings: parsed.findings,
        };
      const sig = parsed.signature;
      const match = receiver.dkim.find((r) => {
        const b = r.properties.find((p) => p.ptype === 'header' && p.property === 'b')?.value;
        return dkimDomain(r) === sig.domain && (!b || (sig.signature ?? '').startsWith(b));
      });
      return {
        line: f.line,
        signature: sig,
        error: null,
        result: match?.result ?? null,
        findings: lintDkimSignature(sig, names, now),
      };
    });
}

function arcNarrative(arc: ArcStructure, receiver: ReceiverResults): string | null {
  if (arc.sets.length === 0) return null;
  const firstSet = arc.sets[0]!;
  const aar = firstSet.results?.parse;
  const seen =
    aar && aar.ok
      ? aar.results
          .filter((r) => ['spf', 'dkim', 'dmarc'].includes(r.method))
          .map((r) => `${r.method}=${r.result}`)
          .join(', ')
      : 'nothing readable';
  const sealer = firstSet.results?.authservId ?? 'the first intermediary';
  const parts = [`The message was forwarded: ${sealer} sealed what it saw on arrival (${seen}).`];
  if (receiver.dmarc)
    parts.push(
      `The final receiver reports dmarc=${receiver.dmarc.result}${receiver.arc ? ` and arc=${receiver.arc.result}` : ''}.`,
    );
  if (receiver.compauth?.reason === '130')
    parts.push(
      'Microsoft accepted it because of the ARC seal (compauth reason 130): DMARC failed after forwarding, but the forwarder vouched for the original result.',
    );
  else if (
    aar &&
    aar.ok &&
    aar.results.some((r) => r.method === 'dmarc' && r.result === 'pass') &&
    receiver.dmarc?.result === 'fail'
  ) {
    parts.push(
      'DMARC passed before forwarding and failed after it — typical when a forwarder changes the message or sends from its own IP. Receivers that trust the forwarder’s ARC seal may still deliver it.',
    );
  }
  return parts.join(' ');
}

/** Analyse pasted headers (or a whole message). Never throws; problems become warnings and findings. */
export function analyzeHeaders(input: string, options: AnalyzeHeadersOptions = {}): HeaderAnalysis {
  const text = input.length > MAX_INPUT_CHARS ? input.slice(0, MAX_INPUT_CHARS) : input;
  const split = splitHeaders(text);
  const warnings = [...split.warnings];
  if (input.length > MAX_INPUT_CHARS)
    warnings.unshift(`Only the first ${MAX_INPUT_CHARS / 1024 / 1024} MB were read.`);
  let fields = split.fields;
  if (fields.length > MAX_FIELDS) {
    warnings.push(`Only the first ${MAX_FIELDS} header fields were analysed.`);
    fields = fields.slice(0, MAX_FIELDS);
  }
  const get = (name: string) => fields.find((f) => f.lname === name);
  const hops = hopsOf(fields);
  const newest = hops
    .map((h) => h.received.date?.epoch)
    .filter((t): t is number => t !== undefined)
    .pop();
  const now = options.now ?? (newest !== undefined ? new Date(newest) : new Date());
  const fromField = decoded(get('from'));
  const from = fromField ? parseAddressList(fromField.text) : [];
  const dates = hops.map((h) => h.received.date?.epoch).filter((t): t is number => t !== undefined);
  const dateField = get('date');
  const summary: Summary = {
    from,
    fromText: fromField,
    to: decoded(get('to')),
    cc: decoded(get('cc')),
    replyTo: decoded(get('reply-to')),
    subject: decoded(get('subject')),
    date: dateField ? { text: dateField.value, parsed: parseMailDate(dateField.value) } : null,
    messageId: get('message-id')?.value ?? null,
    returnPath: get('return-path')?.value ?? null,
    deliveredTo: get('delivered-to')?.value ?? get('x-original-to')?.value ?? null,
    deliveryMs: dates.length >= 2 ? Math.max(...dates) - Math.min(...dates) : null,
    listUnsubscribe: get('list-unsubscribe') !== undefined,
    oneClickUnsubscribe: /List-Unsubscribe=One-Click/i.test(get('list-unsubscribe-post')?.value ?? ''),
  };
  const { fields: authResults } = classifyAuthResults(fields);
  const receiver = receiverResults(authResults);
  const signatures = signaturesOf(fields, receiver, now);
  const arcStructure = analyzeArcStructure(fields);
  const returnPathDomain = /@([^>\s]+)/.exec(summary.returnPath ?? '')?.[1]?.toLowerCase() ?? null;
  const helo = receiver.spf?.properties.find((p) => p.property === 'helo')?.value ?? null;
  const { rows, verdict } = computeAlignment({
    fromDomains: [...new Set(from.map((m) => m.domain).filter(Boolean))],
    mailFrom: returnPathDomain,
    mailFromSource: 'Return-Path',
    helo,
    spf: receiver.spf,
    dkim: receiver.dkim,
    signatureDomains: signatures.map((s) => s.signature?.domain).filter((d): d is string => !!d),
    dmarc: receiver.dmarc,
    policy: options.policy ?? null,
  });
  const analysis: HeaderAnalysis = {
    fields,
    warnings,
    summary,
    hops,
    authResults,
    receiver,
    signatures,
    arc: { ...arcStructure, narrative: arcNarrative(arcStructure, receiver) },
    alignment: rows,
    verdict,
    findings: [],
    fromDomain: from[0]?.domain || null,
    hadBody: split.hadBody,
    judgedAt: now.getTime(),
  };
  analysis.findings = headerFindings(analysis);
  return analysis;
}

function headerFindings(a: HeaderAnalysis): Finding[] {
  const out: Finding[] = [];
  if (a.fields.length === 0) {
    out.push({
      severity: 'error',
      code: 'no-headers',
      title: 'No header fields found',
      detail:
        'Paste the message headers (“Show original” in Gmail, “View message source” in Outlook) or drop an .eml file.',
    });
    return out;
  }
  if (a.summary.from.length === 0)
    out.push({
      severity: 'warning',
      code: 'no-from',
      title: 'No From address',
      detail: 'Every message needs a From field; DMARC cannot be evaluated without it.',
    });
  if (a.summary.from.length > 1)
    out.push({
      severity: 'warning',
      code: 'multiple-from',
      title: 'Several From addresses',
      detail: 'Many receivers reject messages with more than one From address (RFC 9989 §4.4).',
    });
  for (const [label, value] of [
    ['From', a.summary.fromText],
    ['Subject', a.summary.subject],
    ['To', a.summary.to],
  ] as const) {
    if (value?.controls) {
      out.push({
        severity: 'error',
        code: 'control-characters',
        title: `${label} contains hidden control characters`,
        detail: `The decoded ${label} holds control or direction-changing characters (shown as ⟨…⟩). This is a known spoofing trick (“Mailsploit”): mail clients may display a different address than the real one.`,
      });
    }
  }
  const display = a.summary.from[0]?.name ?? '';
  const shown = /[\w.+-]+@[\w-]+(\.[\w-]+)+/.exec(display)?.[0];
  if (shown && a.summary.from[0] && shown.toLowerCase() !== a.summary.from[0].address.toLowerCase()) {
    out.push({
      severity: 'warning',
      code: 'display-name-address',
      title: 'The display name shows another address',
      detail: `The name says “${shown}” but the message is from ${a.summary.from[0].address}. A common phishing trick.`,
    });
  }
  for (const ar of a.authResults) {
    if (!ar.parse.ok)
      out.push({
        severity: 'warning',
        code: 'authres-unreadable',
        title: `${ar.name} on line ${ar.line} could not be read`,
        detail: ar.parse.error,
      });
  }
  const untrusted = a.authResults.filter((r) => r.trust === 'untrusted');
  if (untrusted.some((r) => r.parse.ok && r.parse.results.some((x) => x.result === 'pass'))) {
    out.push({
      severity: 'warning',
      code: 'forged-authres',
      title: 'Authentication-Results written by the sender',
      detail:
        'Some Authentication-Results fields were already in the message before any server handled it. They claim passes that no receiver made; they are ignored here.',
      spec: 'RFC 8601 §5',
    });
  }
  if (a.hops.some((h) => h.skew))
    out.push({
      severity: 'info',
      code: 'clock-skew',
      title: 'A server clock is off',
      detail:
        'A hop appears to happen before the one before it: one of the servers has a wrong clock. Shown as skew, not as a delay.',
    });
  for (const s of a.signatures)
    for (const f of s.findings) out.push({ ...f, title: `DKIM ${s.signature?.domain ?? ''}: ${f.title}` });
  out.push(...a.arc.findings);
  const c = a.receiver.compauth;
  if (c?.explained) {
    out.push({
      severity: c.explained.kind === 'fail' ? 'error' : c.explained.kind === 'pass' ? 'ok' : 'info',
      code: 'compauth',
      title: `Microsoft compauth=${c.result} reason=${c.explained.code}`,
      detail: c.explained.meaning,
    });
  }
  return out;
}
