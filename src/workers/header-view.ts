// The shape of what the header store answers the page (views, pages, cut strings), without the analysis code:
// the page imports this much, and the parser stays in the Worker's bundle.

import type { ArcVerification } from '../lib/arc';
import type { BodyHashProgress, DkimVerification } from '../lib/dkim';
import type { Resolver } from '../lib/dns';
import type { DmarcPolicyHint, HeaderAnalysis, Verdict } from '../lib/headers';
import type { SpfRecheckInput } from '../lib/headers/spf-recheck';

/**
 * The DMARC policy an analysis is made with: the looked-up hint, null when none was looked up, or LOOKUP_FAILED
 * when the lookup was tried and DNS failed (the verdict then says it could not be checked).
 */
export type AnalysisPolicy = DmarcPolicyHint | typeof LOOKUP_FAILED | null;
export const LOOKUP_FAILED = 'lookup-failed';

/** Rows of a long list sent to the page at a time. */
export const PAGE_ROWS = 50;
/** Longest string a view carries; longer ones are cut (the whole value is sent when the person asks). */
export const VIEW_CHARS = 4 * 1024;
export const PAGED_LISTS = ['hops', 'authResults', 'signatures', 'findings', 'fields'] as const;
export type PagedList = (typeof PAGED_LISTS)[number];

export interface ListPage {
  /** Index of the page's first row in the whole (filtered) list. */
  offset: number;
  /** Rows in the whole (filtered) list. */
  total: number;
}

export interface HeaderView {
  /** The analysis with every paged list holding one page and long strings cut. */
  analysis: HeaderAnalysis;
  pages: Record<PagedList, ListPage>;
  /** Header fields in the analysis (whatever filter a page of them has). */
  fieldCount: number;
  /** The whole analysis as Markdown ("Copy report"). */
  markdown: string;
  /** What the live SPF re-check would ask (read from every hop and field, not one page), or null. */
  spfRecheck: SpfRecheckInput | null;
  /**
   * The same message analysed again (after a policy lookup): the last "Verify signatures" result applied to this
   * analysis's verdict, so the page keeps it. Null when the message is another, or was not verified.
   */
  reverified: Pick<Verified, 'verdict' | 'verdictUpdated' | 'markdown'> | null;
}

/** Where a value sits in the whole analysis: keys and list indexes, as in `analysis.summary.subject.text`. */
export type ValuePath = ReadonlyArray<string | number>;

/** Marks a cut string in a view: the cut text, then this, then the whole value's length in characters. */
export const CUT_MARK = '\u2060…\u2060';

/** The whole length of a string a view cut, or null when it was not cut. */
export function cutLength(text: string): number | null {
  const at = text.lastIndexOf(CUT_MARK);
  if (at < 0) return null;
  const n = Number(text.slice(at + CUT_MARK.length));
  return Number.isInteger(n) ? n : null;
}

/** The shown part of a string a view may have cut. */
export function cutText(text: string): string {
  return cutLength(text) === null ? text : text.slice(0, text.lastIndexOf(CUT_MARK));
}

export interface VerifyProgress {
  /** Key lookups answered so far. */
  lookups: number;
  /** The body hash in progress, when one is. */
  body: BodyHashProgress | null;
}

export interface Verified {
  dkim: DkimVerification[];
  arc: ArcVerification;
  /** The verdict with what this verification adds (the receiver's result still decides; verified-verdict.ts). */
  verdict: Verdict;
  /** The verdict's sentence says something the receiver's results alone did not (a fact, or a disagreement). */
  verdictUpdated: boolean;
  /** The Markdown report with that verdict. */
  markdown: string;
  /**
   * Why signatures the analysis showed got no result (the verifier did not find them in the message it read),
   * or null when every one was checked. Never a silent empty result.
   */
  unread: string | null;
}

/** What the page's state asks of the analysis, in the Worker (HeaderWorker) or in-process (tests, LocalEngine). */
export interface HeaderEngine {
  /** Analyse text (with the file's bytes, for exact verification); a newer call ends an older one. */
  analyze(text: string, policy: AnalysisPolicy, bytes?: Uint8Array): Promise<HeaderView>;
  page(list: PagedList, offset: number, filter?: string): Promise<{ page: ListPage; rows: unknown[] }>;
  value(path: ValuePath): Promise<string | null>;
  verify(
    resolver: Resolver,
    options: { signal?: AbortSignal; onProgress?: (p: VerifyProgress) => void },
  ): Promise<Verified>;
  /** End an analysis in progress. */
  stop(): void;
}
