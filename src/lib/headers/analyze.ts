// Header analysis: from pasted text to the summary, hops, results (with the trust boundary), DKIM signatures,
// ARC, alignment and one plain verdict. Pure and synchronous, so it runs in a Worker for large pastes.

import { analyzeArcStructure, type ArcStructure } from '../arc/structure';
import { parseAddressList } from './address';
import { stripGmailOriginal } from './gmail-original';
import { bulkSenderChecks } from './bulk-sender';
import { arcTrusted, foreignArcSets, forwardingStory } from './forwarding';
import { decodeMicrosoftAntispam } from './microsoft';
import { computeAlignment } from './verdict';
import { explainCompauth } from './compauth';
import { looksLikeHeaderSection } from './field-names';
import { parseMailDate } from './date';
import { headerFindings } from './header-findings';
import { isSlowHop, phishingFindings, replyOutside } from './phishing';
import { receiverDmarc } from './receiver-dmarc';
import { parseReceived, type Received } from './received';
import { decodeEncodedWords } from './rfc2047';
import { signaturesOf } from './signatures';
import { spfIpNowhere, spfRecheckInput } from './spf-recheck';
import { spoofVerdict } from './spoof';
import { splitHeaders, type HeaderField } from './split';
import { hasControls } from './text';
import { classifyAuthResults, type AuthResField } from './trust';
import { boundedVerdict, trustFindings } from './trust-findings';
import type {
  AnalyzeHeadersOptions,
  DecodedValue,
  HeaderAnalysis,
  Hop,
  ReceiverResults,
  Summary,
} from './types';

/** Largest paste analysed (the issue's 25 MB with room); the header section is all that is scanned. */
export const MAX_INPUT_CHARS = 32 * 1024 * 1024;
/** More header fields than any real message has. */
export const MAX_FIELDS = 20_000;

/** Fields an analysis needs wherever they sit in a huge paste: the cap never drops them before other fields. */
const KEPT_FIELDS = new Set([
  'from',
  'to',
  'subject',
  'authentication-results',
  'dkim-signature',
  'arc-seal',
  'arc-message-signature',
  'arc-authentication-results',
]);

/** The first MAX_FIELDS fields in order, the kept kinds counted first, then the others from the top. */
function capFields(fields: readonly HeaderField[]): HeaderField[] {
  const kept = fields.reduce((n, f) => n + (KEPT_FIELDS.has(f.lname) ? 1 : 0), 0);
  let keptRoom = MAX_FIELDS;
  let otherRoom = Math.max(0, MAX_FIELDS - kept);
  return fields.filter((f) => (KEPT_FIELDS.has(f.lname) ? keptRoom-- > 0 : otherRoom-- > 0));
}

function decoded(field: HeaderField | undefined): DecodedValue | null {
  if (!field) return null;
  const d = decodeEncodedWords(field.value);
  return { raw: field.value, text: d.text, encoded: d.encoded, controls: hasControls(d.text) };
}

/** Hops oldest first, from the Received fields parsed once (top first, as in the message). */
function hopsOf(parsed: readonly Received[]): Hop[] {
  const hops: Hop[] = [];
  let previous: number | null = null;
  [...parsed].reverse().forEach((r, i) => {
    const t = r.date?.epoch ?? null;
    const delayMs = t !== null && previous !== null ? t - previous : null;
    const skew = delayMs !== null && delayMs < -1000;
    hops.push({ number: i + 1, received: r, delayMs, skew, slow: isSlowHop(delayMs, skew) });
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

/**
 * The ARC story in words. What a sealer recorded is told only when the final receiver validated the chain (arc=pass)
 * and its structure here is sound (RFC 8617 §5.2); otherwise those results are claims, and the narrative says why.
 */
function arcNarrative(arc: ArcStructure, receiver: ReceiverResults, foreign: number): string | null {
  if (arc.sets.length === 0) return null;
  if (foreign === 0)
    return 'The only ARC seal is the final receiver’s own, added on delivery: it records what the receiver saw, and does not mean the message was forwarded.';
  const firstSet = arc.sets[0]!;
  const sealer = firstSet.results?.authservId ?? 'the first intermediary';
  if (arc.result === 'fail')
    return `The ARC chain in these headers is broken${arc.reason ? ` (${arc.reason.replace(/\.$/, '')})` : ''}${receiver.arc ? `, although the final receiver reports arc=${receiver.arc.result}` : ''}, so what ${sealer} and later sealers recorded cannot be relied on.`;
  // Microsoft's compauth reason 130: the receiver accepted the message on the strength of the ARC seal.
  if (!arcTrusted({ arc, receiver }) && receiver.compauth?.reason !== '130')
    return `The message carries ARC sets from ${sealer}, but the final receiver ${receiver.arc ? `reports arc=${receiver.arc.result}` : 'reports no ARC result'}, so what they recorded is a claim, not a verified result. Verify signatures to check the seals yourself.`;
  const aar = firstSet.results?.parse;
  const seen =
    aar && aar.ok
      ? aar.results
          .filter((r) => ['spf', 'dkim', 'dmarc'].includes(r.method))
          .map((r) => `${r.method}=${r.result}`)
          .join(', ')
      : 'nothing readable';
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

/** Share of control characters (other than tab and line ends) or U+FFFD above which a paste is not text. */
const BINARY_SHARE = 0.05;
/** Characters sampled from the start of the paste. */
const BINARY_SAMPLE = 4096;

/** Random bytes, an image or an archive pasted or dropped: not a header section. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, BINARY_SAMPLE);
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) odd++;
  }
  return n > 0 && odd / n > BINARY_SHARE;
}

/** Analyse pasted headers (or a whole message). Never throws; problems become warnings and findings. */
export function analyzeHeaders(input: string, options: AnalyzeHeadersOptions = {}): HeaderAnalysis {
  const capped = input.length > MAX_INPUT_CHARS ? input.slice(0, MAX_INPUT_CHARS) : input;
  const gmail = stripGmailOriginal(capped);
  const text = gmail.text;
  const split = splitHeaders(text);
  // Random bytes, or body text whose lines only look like "Word: text": not a header section.
  const headerLike = !looksBinary(text) && looksLikeHeaderSection(split.fields);
  // Notes on skipped or rejoined lines describe a header section; without one they would mislead.
  const warnings = headerLike ? [...split.warnings] : [];
  if (gmail.summary)
    warnings.push(
      `Gmail’s “Show original” summary was recognized and left out of the fields (line numbers below start after it)${gmail.summary.results.length > 0 ? `; Gmail reported ${gmail.summary.results.map((r) => `${r.method} ${r.text}`).join(', ')}` : ''}.`,
    );
  if (input.length > MAX_INPUT_CHARS)
    warnings.unshift(`Only the first ${MAX_INPUT_CHARS / 1024 / 1024} MB were read.`);
  let fields = headerLike ? split.fields : [];
  if (fields.length > MAX_FIELDS) {
    warnings.push(
      `Only ${MAX_FIELDS} of the ${fields.length} header fields were analysed: every From, To, Subject, Authentication-Results and signature field wherever it sits, then the others from the top.`,
    );
    fields = capFields(fields);
  }
  const get = (name: string) => fields.find((f) => f.lname === name);
  const received = fields.flatMap((f) => (f.lname === 'received' ? [parseReceived(f.value)] : []));
  const hops = hopsOf(received);
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
  const boundary = classifyAuthResults(fields, received);
  const authResults = boundary.fields;
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
    policyLookupFailed: !options.policy && options.policyLookupFailed === true,
    signatures: signatures.flatMap((s) =>
      s.signature?.domain ? [{ domain: s.signature.domain, b: s.signature.signature ?? '' }] : [],
    ),
  });
  const storyInput = {
    fields,
    arc: arcStructure,
    receiver,
    receiverOrg: boundary.receiverOrg,
    fromDomain: from[0]?.domain || null,
    signatureDomains: signatures.flatMap((s) => (s.signature?.domain ? [s.signature.domain] : [])),
  };
  const story = forwardingStory(storyInput);
  const judged = boundedVerdict(verdict, boundary);
  // A fail's fix is the story's (addressed to the party who can act); the verdict keeps its own reasons and the
  // story is told once, in its own card (and section of the report).
  const merged = story !== null && judged.computed === 'fail';
  const finalVerdict = merged ? { ...judged, fix: story.fix } : judged;
  const forwarding = story && { ...story, fixInVerdict: merged };
  const analysis: HeaderAnalysis = {
    fields,
    warnings,
    summary,
    hops,
    authResults,
    receiver,
    signatures,
    arc: { ...arcStructure, narrative: arcNarrative(arcStructure, receiver, foreignArcSets(storyInput)) },
    alignment: rows,
    verdict: finalVerdict,
    forwarding,
    microsoft: decodeMicrosoftAntispam(fields, receiver.dmarc?.extras?.['action'] ?? null),
    bulkSender: null,
    findings: [],
    fromDomain: from[0]?.domain || null,
    hadBody: split.hadBody,
    // The Gmail summary is cut from the front of the paste, so what remains is a suffix of it.
    headerStart: Math.min(capped.length, capped.length - text.length + split.headerOffset),
    judgedAt: now.getTime(),
  };
  // The connecting IP cannot be known from these headers at all: said once, on the SPF row.
  const nowhere = spfIpNowhere(analysis);
  if (nowhere)
    analysis.alignment = rows.map((r) =>
      r.kind === 'spf' ? { ...r, note: r.note ? `${r.note} ${nowhere}` : nowhere } : r,
    );
  // A fail the domain's own records call unauthorized, with nothing to explain it: advice for the recipient.
  analysis.verdict =
    spoofVerdict({
      verdict: finalVerdict,
      from: analysis.fromDomain,
      rows,
      policy: options.policy ?? null,
      receiver: receiverDmarc(receiver.dmarc),
      forwarded: forwarding !== null || foreignArcSets(storyInput) > 0,
      signatureDomains: storyInput.signatureDomains,
      ip: spfRecheckInput(analysis)?.ip ?? null,
      replyElsewhere: replyOutside(analysis.fromDomain, summary.replyTo?.text ?? null),
    }) ?? finalVerdict;
  analysis.bulkSender = bulkSenderChecks({
    fields,
    signatures,
    alignment: rows,
    verdict: analysis.verdict,
    policy: options.policy ?? null,
    fromDomain: analysis.fromDomain,
  });
  analysis.findings = [
    ...headerFindings(analysis),
    ...trustFindings(boundary, hops.length > 0),
    ...phishingFindings({
      fields,
      hops,
      fromDomain: analysis.fromDomain,
      replyTo: summary.replyTo?.text ?? null,
    }),
  ];
  return analysis;
}
