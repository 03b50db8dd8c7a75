// The header analysis behind the page: it keeps the whole analysis and the message (in the header Worker, so the
// page never holds or renders megabytes of it) and answers in views and pages. A view is the analysis with each
// long list cut to one page and each long string cut, plus the counts; the page asks for other pages, for one
// whole value, and for signature verification over the message it keeps (keys fetched through the resolver it is
// given: in the Worker, the page's resolver reached by message passing).

import type { BodyHashProgress } from '../lib/dkim';
import type { Resolver } from '../lib/dns';
import {
  analyzeHeaders,
  verdictWithVerification,
  type DmarcPolicyHint,
  type HeaderAnalysis,
} from '../lib/headers';
import type { DkimVerification } from '../lib/dkim';
import { headerReportMarkdown } from '../lib/headers/report';
import { spfRecheckInput } from '../lib/headers/spf-recheck';
import {
  CUT_MARK,
  LOOKUP_FAILED,
  PAGED_LISTS,
  PAGE_ROWS,
  VIEW_CHARS,
  type AnalysisPolicy,
  type HeaderEngine,
  type HeaderView,
  type ListPage,
  type PagedList,
  type ValuePath,
  type Verified,
  type VerifyProgress,
} from './header-view';

export * from './header-view';

/**
 * Any other list in a view (signed header names, one field's results, alignment rows…) is cut at this many
 * entries; the first view then says so in its warnings.
 */
export const OTHER_ROWS = 200;

/** A copy of `value` with strings cut to VIEW_CHARS and lists other than the paged ones to OTHER_ROWS. */
function cut<T>(value: T): T {
  if (typeof value === 'string')
    return (
      value.length > VIEW_CHARS ? `${value.slice(0, VIEW_CHARS)}${CUT_MARK}${value.length}` : value
    ) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.slice(0, OTHER_ROWS).map(cut) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cut(v);
  return out as T;
}

/** The length of the longest list within `value` that `cut` shortens, or 0. */
function longestCutList(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let longest = Array.isArray(value) && value.length > OTHER_ROWS ? value.length : 0;
  for (const v of Array.isArray(value) ? value : Object.values(value))
    if (v !== null && typeof v === 'object') longest = Math.max(longest, longestCutList(v));
  return longest;
}

/** The longest list anywhere in an analysis that a view or a page would cut (the paged lists are paged, not cut). */
function longestCutListIn(analysis: HeaderAnalysis): number {
  let longest = 0;
  for (const [key, value] of Object.entries(analysis)) {
    const rows = (PAGED_LISTS as readonly string[]).includes(key) ? (value as unknown[]) : [value];
    for (const row of rows) longest = Math.max(longest, longestCutList(row));
  }
  return longest;
}

const CR = 13;
const LF = 10;

/**
 * The message from where the analysis found its header section: lines it skipped (a leading line of text, an mbox
 * "From " line, Gmail's summary) are not part of the signed message, so the verifier must not read them as its
 * header. In a file's bytes, the skipped text's line ends are skipped (CR, LF and CRLF decode one for one), then
 * a UTF-8 byte-order mark the decoder had dropped.
 */
export function fromHeaderStart(message: string | Uint8Array, skipped: string): string | Uint8Array {
  if (typeof message === 'string') return message.slice(skipped.length);
  let lines = 0;
  for (let i = 0; i < skipped.length; i++) {
    const c = skipped.charCodeAt(i);
    if (c === LF || (c === CR && skipped.charCodeAt(i + 1) !== LF)) lines++;
  }
  let at = 0;
  for (; lines > 0 && at < message.length; at++) {
    const c = message[at];
    if (c === LF || (c === CR && message[at + 1] !== LF)) lines--;
  }
  if (message[at] === 0xef && message[at + 1] === 0xbb && message[at + 2] === 0xbf) at += 3;
  return at === 0 ? message : message.subarray(at);
}

/** What the verifier did not reach of what the analysis showed, in words, or null. */
export function unreadSignatures(
  signatures: number,
  arcSets: number,
  verified: number,
  arc: { result: string },
): string | null {
  const missed = [
    verified >= signatures
      ? null
      : verified > 0
        ? `${signatures - verified} of the ${signatures} DKIM signatures`
        : signatures === 1
          ? 'the DKIM signature'
          : `the ${signatures} DKIM signatures`,
    arcSets > 0 && arc.result === 'none' ? 'the ARC chain' : null,
  ].filter((m): m is string => m !== null);
  if (missed.length === 0) return null;
  const them = missed.length === 1 && verified === signatures ? 'it' : 'them';
  return `The verifier could not find ${missed.join(' and ')} in the message as it read it, so no result is shown for ${them}. Drop the .eml file to verify the message as it was received.`;
}

export class HeaderStore {
  #analysis: HeaderAnalysis | null = null;
  #message: string | Uint8Array = '';
  /** The text before the header section the analysis read (skipped lines), '' when it starts at the top. */
  #skipped = '';
  /** The DMARC policy the analysis was made with, and whether the message is the file's own bytes. */
  #policy: DmarcPolicyHint | null = null;
  #policyLookupFailed = false;
  #exact = false;
  /** The signatures "Verify signatures" checked in the kept message, until another message is analysed. */
  #verified: DkimVerification[] | null = null;
  #fieldFilter = '';
  /** Aborted when another message is analysed: a verification of this one then stops (the same one goes on). */
  #messageScope = new AbortController();

  /** Analyse a paste (or a file's text, with its bytes for exact verification) and answer its first view. */
  analyze(text: string, policy: AnalysisPolicy, bytes?: Uint8Array): HeaderView {
    const failed = policy === LOOKUP_FAILED;
    const hint = failed ? null : policy;
    const analysis = analyzeHeaders(text, { policy: hint, policyLookupFailed: failed });
    const message = bytes ?? text;
    // A policy lookup analyses the same message again: what the verification found about it still holds, and a
    // verification still running goes on. Another message ends it.
    if (!sameMessage(this.#message, message)) {
      this.#verified = null;
      this.#messageScope.abort(new DOMException('A newer analysis replaced this one.', 'AbortError'));
      this.#messageScope = new AbortController();
    }
    this.#analysis = analysis;
    this.#message = message;
    this.#skipped = text.slice(0, analysis.headerStart);
    this.#policy = hint;
    this.#policyLookupFailed = failed;
    this.#exact = bytes !== undefined;
    this.#fieldFilter = '';
    const view = { ...analysis } as HeaderAnalysis;
    const pages = {} as Record<PagedList, ListPage>;
    for (const list of PAGED_LISTS) {
      const rows = analysis[list] as unknown[];
      (view as unknown as Record<string, unknown>)[list] = rows.slice(0, PAGE_ROWS);
      pages[list] = { offset: 0, total: rows.length };
    }
    const shown = cut(view);
    const longest = longestCutListIn(analysis);
    if (longest > 0)
      shown.warnings.unshift(
        `Some lists in this message are longer than ${OTHER_ROWS} entries (the longest has ${longest}); ` +
          `only the first ${OTHER_ROWS} of each are shown.`,
      );
    return {
      analysis: shown,
      pages,
      fieldCount: analysis.fields.length,
      markdown: headerReportMarkdown(analysis),
      spfRecheck: spfRecheckInput(analysis),
      reverified: this.#verified ? this.#withVerification(analysis, this.#verified) : null,
    };
  }

  /** The verdict and report of `analysis` with what the verification of its message found (verified-verdict.ts). */
  #withVerification(
    analysis: HeaderAnalysis,
    dkim: readonly DkimVerification[],
  ): Pick<Verified, 'verdict' | 'verdictUpdated' | 'markdown'> {
    const verdict = verdictWithVerification({
      verdict: analysis.verdict,
      from: analysis.fromDomain,
      rows: analysis.alignment,
      policy: this.#policy,
      policyLookupFailed: this.#policyLookupFailed,
      verified: dkim,
      exact: this.#exact,
    });
    return {
      // Cut as the view's verdict is: the page shows long values on request.
      verdict: cut(verdict),
      verdictUpdated: verdict !== analysis.verdict,
      markdown: headerReportMarkdown({ ...analysis, verdict }),
    };
  }

  #rows(list: PagedList, filter: string): unknown[] {
    const a = this.#analysis;
    if (!a) return [];
    const needle = filter.trim().toLowerCase();
    if (list === 'fields' && needle !== '') return a.fields.filter((f) => f.lname.includes(needle));
    return a[list] as unknown[];
  }

  /** One page of a list (fields may be filtered by name). */
  page(list: PagedList, offset: number, filter = ''): { page: ListPage; rows: unknown[] } {
    if (list === 'fields') this.#fieldFilter = filter;
    const rows = this.#rows(list, list === 'fields' ? filter : '');
    const lastPage = Math.max(0, Math.floor((rows.length - 1) / PAGE_ROWS) * PAGE_ROWS);
    const from = Math.max(0, Math.min(Math.floor(offset / PAGE_ROWS) * PAGE_ROWS, lastPage));
    return {
      page: { offset: from, total: rows.length },
      rows: cut(rows.slice(from, from + PAGE_ROWS)),
    };
  }

  /** A whole value of the analysis (what a cut string stands for); null when the path leads to no string. */
  value(path: ValuePath): string | null {
    let at: unknown = this.#analysis;
    const [head, ...rest] = path;
    // Paged field rows are addressed within the current filter, as the page shows them.
    if (head === 'fields' && this.#fieldFilter !== '')
      at = { fields: this.#rows('fields', this.#fieldFilter) };
    for (const key of [head, ...rest]) {
      if (at === null || typeof at !== 'object') return null;
      at = (at as Record<string | number, unknown>)[key as string];
    }
    return typeof at === 'string' ? at : null;
  }

  /**
   * Verify every DKIM signature and the ARC chain over the kept message, at the analysis's judging time. The
   * message is read once and shared by both. Rejects with an AbortError when `signal` aborts.
   */
  async verify(
    resolver: Resolver,
    options: { signal?: AbortSignal; onProgress?: (p: VerifyProgress) => void } = {},
  ): Promise<Verified> {
    const analysis = this.#analysis;
    if (!analysis) throw new Error('Nothing has been analysed.');
    const { onProgress } = options;
    const message = this.#messageScope.signal;
    const signal = options.signal ? AbortSignal.any([options.signal, message]) : message;
    const [{ verifyDkim, prepareMessage }, { verifyArc }] = await Promise.all([
      import('../lib/dkim'),
      import('../lib/arc'),
    ]);
    const progress: VerifyProgress = { lookups: 0, body: null };
    const counting: Resolver = {
      query: async (name, type, s) => {
        const answer = await resolver.query(name, type, s);
        progress.lookups++;
        onProgress?.({ ...progress });
        return answer;
      },
    };
    const onBody = (body: BodyHashProgress) => {
      progress.body = body;
      onProgress?.({ ...progress });
    };
    const prepared = prepareMessage(fromHeaderStart(this.#message, this.#skipped));
    const now = () => new Date(analysis.judgedAt);
    const [dkim, arc] = await Promise.all([
      verifyDkim(prepared, counting, { now, signal, onProgress: onBody }),
      verifyArc(prepared, counting, { now, signal }),
    ]);
    signal.throwIfAborted();
    // The same message may have been analysed again meanwhile (a policy lookup): the verdict is the newest one's.
    this.#verified = dkim;
    const newest = this.#analysis ?? analysis;
    const unread = unreadSignatures(newest.signatures.length, newest.arc.sets.length, dkim.length, arc);
    return { dkim, arc, ...this.#withVerification(newest, dkim), unread };
  }
}

/** The store in the calling thread (unit tests, and anywhere a Worker is not available). */
export class LocalEngine implements HeaderEngine {
  readonly #store = new HeaderStore();
  analyze(text: string, policy: AnalysisPolicy, bytes?: Uint8Array): Promise<HeaderView> {
    return Promise.resolve(this.#store.analyze(text, policy, bytes));
  }
  page(list: PagedList, offset: number, filter?: string): Promise<{ page: ListPage; rows: unknown[] }> {
    return Promise.resolve(this.#store.page(list, offset, filter));
  }
  value(path: ValuePath): Promise<string | null> {
    return Promise.resolve(this.#store.value(path));
  }
  verify(
    resolver: Resolver,
    options: { signal?: AbortSignal; onProgress?: (p: VerifyProgress) => void },
  ): Promise<Verified> {
    return this.#store.verify(resolver, options);
  }
  stop(): void {}
}

/** The same message: the same text, or the same bytes (a file read again). */
function sameMessage(a: string | Uint8Array, b: string | Uint8Array): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
