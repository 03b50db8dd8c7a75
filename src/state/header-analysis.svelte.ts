// State of the Header analysis page: the paste (never in the URL unless shared), the analysis (always in the header
// Worker, which answers a view and pages, never the whole of a 25 MB analysis), and the optional DNS runs that
// belong to one analysis: signature verification (in the Worker, keys through the page's resolver) and the DMARC
// policy lookup. Another message cancels the runs of the old one and resets what they showed.

import type { ArcVerification } from '../lib/arc';
import type { DkimVerification } from '../lib/dkim';
import type { QueryLogEntry } from '../lib/dns';
import type { SpfRecheckInput } from '../lib/headers/spf-recheck';
import { compareSpfRecheck, type SpfRecheckComparison } from '../lib/headers/spf-recheck-compare';
import type { CheckHostResult } from '../lib/spf';
import { decodeMessageBytes } from '../lib/headers/split';
import type { DmarcPolicyHint, HeaderAnalysis, Verdict } from '../lib/headers';
import {
  LOOKUP_FAILED,
  type HeaderEngine,
  type HeaderView,
  type ListPage,
  type PagedList,
  type ValuePath,
  type VerifyProgress,
} from '../workers/header-view';
import { dns } from './app';
import type { DnsPort } from './dns.svelte';
import { HeaderWorker } from './header-worker';
import { largeInput, type LargeInput } from './large-input';
import { router } from './router.svelte';
import { routeHash, type Route } from './routes';
import type { Step } from './step';
import { MAX_SHARE_CHARS, packText, unpackText } from './share';
import { Task } from './task.svelte';

export { PAGE_ROWS, type PagedList } from '../workers/header-view';

/** Largest .eml or paste accepted. */
export const MAX_PASTE_BYTES = 25 * 1024 * 1024;
/** Files and pastes larger than this are analysed without being put in the text box (a huge textarea freezes). */
export const MAX_SHOWN_CHARS = 1024 * 1024;

const EXAMPLES = import.meta.glob('./header-examples/*.eml', { query: '?raw', import: 'default' }) as Record<
  string,
  () => Promise<string>
>;
/** The example messages a person can load: [name, button label]. */
export const HEADER_EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['gmail', 'Gmail'],
  ['outlook', 'Outlook (compauth)'],
  ['forwarded-arc', 'Forwarded with ARC'],
];

export type PolicyLookup = Step<
  { domain: string },
  {
    domain: string;
    record: string | null;
    location: string | null;
    policy: DmarcPolicyHint | null;
    message: string;
  }
>;

export type SignatureCheck = Step<
  { progress: VerifyProgress | null },
  {
    dkim: DkimVerification[];
    arc: ArcVerification;
    /** Verified from the file's own bytes (exact), or from pasted text (line ends and spaces may differ). */
    exact: boolean;
    queries: readonly QueryLogEntry[];
    /** The verdict with what this verification adds, and whether its sentence changed; the report with it. */
    verdict: Verdict;
    verdictUpdated: boolean;
    markdown: string;
    /** Why signatures the analysis showed got no result, or null when every one was checked. */
    unread: string | null;
  },
  object
>;

export type SpfRecheck = Step<
  { input: SpfRecheckInput },
  {
    input: SpfRecheckInput;
    result: CheckHostResult;
    /** Today's result against the receiver's; a DNS failure on either side is no change. */
    comparison: SpfRecheckComparison;
    queries: readonly QueryLogEntry[];
  },
  { input: SpfRecheckInput }
>;

export type ShareLink = { ok: true; url: string } | { ok: false; error: string };

export interface HeaderServices {
  dns: DnsPort;
  router: { go(route: Route, options?: { replace?: boolean }): void };
  /** The page's address without the fragment, for share links. */
  baseUrl: () => string;
  /** Where the analysis runs: the header Worker in the app, in-process in unit tests. */
  engine: HeaderEngine;
}

function appServices(): HeaderServices {
  return {
    dns,
    router,
    baseUrl: () => `${location.origin}${location.pathname}`,
    engine: new HeaderWorker(),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class HeaderAnalysisState {
  /** The text box. */
  text = $state('');
  #fileName = $state<string | null>(null);
  #note = $state<string | null>(null);
  /** A large file's or paste's text, kept out of the text box. */
  #large = $state.raw<LargeInput | null>(null);
  /** The analysis of the input: a newer one replaces an older one. */
  readonly #analysisRun = new Task();
  #view = $state.raw<HeaderView | null>(null);
  /** Counts the analyses shown (a page turn keeps it). */
  #generation = $state(0);
  /** The name filter of the fields list (applied in the Worker, over every field). */
  #fieldFilter = '';
  #policy = $state.raw<PolicyLookup>({ state: 'idle' });
  #signatureCheck = $state.raw<SignatureCheck>({ state: 'idle' });
  #spfRecheck = $state.raw<SpfRecheck>({ state: 'idle' });
  #share = $state.raw<ShareLink | null>(null);
  /** The headers came from a share link (the URL holds them until cleared). */
  #fromLink = $state(false);
  #sharedPacked: string | null = null;
  /** The text the shown analysis was made from. */
  #analyzedText = '';
  /** The text the DMARC policy was looked up for: the policy belongs to that message only. */
  #policyFor: string | null = null;
  /** The dropped file's bytes and the text they decoded to: signatures are verified over the exact bytes. */
  #file: { bytes: Uint8Array; text: string } | null = null;
  /** The shown analysis was made from the file's exact bytes. */
  #exact = false;
  /** Aborted when the message its runs belong to is replaced or cleared (not when the same one is re-analysed). */
  #scope = new AbortController();
  /** Aborted when the person cancels a verification. */
  #verifyRun: AbortController | null = null;
  readonly #worker: HeaderEngine;
  readonly #services: HeaderServices;

  constructor(services: HeaderServices = appServices()) {
    this.#services = services;
    this.#worker = services.engine;
  }

  get fileName(): string | null {
    return this.#fileName;
  }
  get note(): string | null {
    return this.#note;
  }
  get large(): LargeInput | null {
    return this.#large;
  }
  get running(): boolean {
    return this.#analysisRun.running;
  }
  get error(): string | null {
    return this.#analysisRun.error;
  }
  /** The analysis, with each long list holding the page shown (see `pages`). */
  get analysis(): HeaderAnalysis | null {
    return this.#view?.analysis ?? null;
  }
  /** Where each long list's shown page starts, and its length. */
  get pages(): Record<PagedList, ListPage> | null {
    return this.#view?.pages ?? null;
  }
  /** A new number for each analysis shown (the page shows a new one in steps). */
  get generation(): number {
    return this.#generation;
  }
  /** Header fields analysed. */
  get fieldCount(): number {
    return this.#view?.fieldCount ?? 0;
  }
  /** The whole analysis as Markdown. */
  get markdown(): string {
    const check = this.#signatureCheck;
    return check.state === 'done' ? check.markdown : (this.#view?.markdown ?? '');
  }
  /**
   * The DMARC verdict: the analysis's, from the receiver's results, with what "Verify signatures" added once it has
   * run (verified-verdict.ts). Another message resets the verification, so the two always belong to one message; the
   * same message analysed again (after a policy lookup) keeps it, applied to the new verdict.
   */
  get verdict(): Verdict | null {
    const check = this.#signatureCheck;
    return check.state === 'done' ? check.verdict : (this.#view?.analysis.verdict ?? null);
  }
  get policy(): PolicyLookup {
    return this.#policy;
  }
  get signatureCheck(): SignatureCheck {
    return this.#signatureCheck;
  }
  /** What the live SPF re-check would ask, or null when the headers name no IP or domain. */
  get spfRecheckInput(): SpfRecheckInput | null {
    return this.#view?.spfRecheck ?? null;
  }
  get spfRecheck(): SpfRecheck {
    return this.#spfRecheck;
  }
  get share(): ShareLink | null {
    return this.#share;
  }
  get fromLink(): boolean {
    return this.#fromLink;
  }
  /** The text to analyse: a large file's, or what is in the box. */
  get input(): string {
    return this.#large?.text ?? this.text;
  }

  /** Load the headers a shared link carries, when the URL names them (call while the component initialises). */
  connect(route: () => Route): void {
    $effect(() => {
      const r = route();
      const packed = r.page === 'headers' ? r.shared : null;
      if (packed && packed !== this.#sharedPacked) void this.loadShared(packed);
    });
  }

  /** The person typed in the box: a large file shown only by name gives way to the typing. */
  edited(): void {
    this.#large = null;
  }

  /**
   * A paste into the box (the clipboard's text). Above MAX_SHOWN_CHARS it is kept out of the box and analysed at
   * once; returns true when it was taken (the page then stops the browser's own paste).
   */
  pasted(text: string): boolean {
    if (text.length <= MAX_SHOWN_CHARS) return false;
    this.#reset();
    this.#large = largeInput('Pasted text', text);
    this.text = '';
    void this.analyze();
    return true;
  }

  /** Put a large input in the text box after all (the person asked to edit it as text). */
  editAsText(): void {
    const large = this.#large;
    if (!large) return;
    this.#large = null;
    this.text = large.text;
  }

  /**
   * Show another page of a long list (fields may be filtered by name, over all of them). The page joins the view
   * shown when it arrives, so page turns of two lists at once both land; only a new analysis drops it.
   */
  async showPage(list: PagedList, offset: number, filter?: string): Promise<void> {
    if (!this.#view) return;
    const generation = this.#generation;
    if (list === 'fields' && filter !== undefined) this.#fieldFilter = filter;
    const f = list === 'fields' ? this.#fieldFilter : undefined;
    const answer = await this.#worker
      .page(list, offset, f)
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const view = this.#view;
    if (this.#generation !== generation || !view) return;
    // The Worker holding the analysis is gone (the browser ended it): say so, never a page that silently stays. A
    // newer analysis ending the Worker is no failure: its own result replaces this view.
    if (answer instanceof Error) {
      if (answer.name === 'AbortError' || this.#analysisRun.running) return;
      return this.#analysisRun.fail(
        `That page could not be shown (${message(answer)}). Press Analyse to read the message again.`,
      );
    }
    this.#view = {
      ...view,
      analysis: { ...view.analysis, [list]: answer.rows },
      pages: { ...view.pages, [list]: answer.page },
    };
  }

  /** The whole of a value the view cut (see `cutLength`), or null when it is gone (a newer analysis). */
  async wholeValue(path: ValuePath): Promise<string | null> {
    const generation = this.#generation;
    const value = await this.#worker.value(path).catch(() => null);
    return this.#generation === generation ? value : null;
  }

  /** Analyse pasted or dropped text. */
  async loadText(text: string): Promise<void> {
    this.#reset();
    this.text = text;
    await this.analyze();
  }

  async loadExample(name: string): Promise<void> {
    const load = EXAMPLES[`./header-examples/${name}.eml`];
    if (load) await this.loadText(await load());
  }

  async loadFile(file: File): Promise<void> {
    if (file.size > MAX_PASTE_BYTES)
      return this.#analysisRun.fail(
        `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB.`,
      );
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { text, note } = decodeMessageBytes(bytes);
    this.#reset();
    this.#file = { bytes, text };
    if (text.length > MAX_SHOWN_CHARS) {
      this.#large = largeInput(file.name, text);
      this.text = '';
    } else this.text = text;
    this.#fileName = file.name;
    this.#note = note;
    await this.analyze();
  }

  /** The headers of a share link (`#/headers?h=…`). */
  async loadShared(packed: string): Promise<void> {
    this.#sharedPacked = packed;
    let text: string;
    try {
      text = await unpackText(packed);
    } catch {
      if (this.#sharedPacked === packed)
        this.#analysisRun.fail('This shared link is damaged; its headers could not be read.');
      return;
    }
    if (this.#sharedPacked !== packed) return;
    await this.loadText(text);
    this.#fromLink = true;
  }

  /** Forget the paste, its analysis and its runs; headers from a share link leave the URL and its history entry. */
  clear(): void {
    const fromLink = this.#fromLink;
    this.#reset();
    this.#analysisRun.cancel();
    this.#analysisRun.reset();
    this.#fieldFilter = '';
    this.#worker.stop();
    this.text = '';
    this.#setAnalysis(null, '');
    this.#sharedPacked = null;
    if (fromLink) this.#services.router.go({ page: 'headers', shared: null }, { replace: true });
  }

  /** A new input: what was known about the old one goes. */
  #reset(): void {
    this.#file = null;
    this.#large = null;
    this.#fileName = null;
    this.#note = null;
    this.#share = null;
    this.#fromLink = false;
  }

  /** Analyse the input (the Analyse button; loading does it too). A newer analysis replaces an older one. */
  async analyze(): Promise<void> {
    const text = this.input;
    // A test for any non-space, not trim(): trimming copies a 25 MB paste.
    if (!/\S/.test(text)) {
      this.#analysisRun.fail('Paste the message headers first, or drop an .eml file.');
      this.#setAnalysis(null, '');
      return;
    }
    if (text.length > MAX_PASTE_BYTES)
      return this.#analysisRun.fail(
        `That is ${(text.length / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB. Paste only the headers.`,
      );
    const exact = this.#file !== null && this.#file.text === text;
    // The same message again (a policy lookup re-analyses it): the DNS runs about it go on, a verification
    // included, and what they find applies to the new analysis. Another message cancels them now, not when its
    // analysis is ready.
    const same = text === this.#analyzedText && exact === this.#exact;
    if (!same) this.#cancelRuns();
    // The policy looked up for another message does not apply to this one.
    if (this.#policyFor !== text) {
      this.#policyFor = null;
      this.#policy = { state: 'idle' };
    }
    // A lookup that failed is no policy, but the verdict says it could not be checked (not "look it up").
    const hint = this.#policy.state === 'done' ? (this.#policy.policy ?? LOOKUP_FAILED) : null;
    const bytes = exact ? this.#file!.bytes : undefined;
    await this.#analysisRun.run(
      async (signal) => {
        const view = await this.#worker.analyze(text, hint, bytes);
        if (signal.aborted) return;
        const kept = same && text === this.#analyzedText && exact === this.#exact;
        this.#exact = exact;
        this.#fieldFilter = '';
        this.#setAnalysis(view, text, kept);
        // A finished verification, applied to the new verdict by the Worker; one still running gets the new
        // verdict from the Worker when it ends.
        const check = this.#signatureCheck;
        if (kept && check.state === 'done' && view.reverified)
          this.#signatureCheck = { ...check, ...view.reverified };
      },
      (why) => `The headers could not be analysed: ${why}`,
    );
  }

  /**
   * Show a new analysis (or none): the runs that belonged to the old one stop and their results go, unless the
   * analysis is of the same message (`keepRuns`).
   */
  #setAnalysis(view: HeaderView | null, text: string, keepRuns = false): void {
    if (!keepRuns) this.#cancelRuns();
    this.#view = view;
    this.#generation++;
    this.#analyzedText = text;
    if (view === null || this.#policy.state === 'running') {
      this.#policy = { state: 'idle' };
      if (view === null) this.#policyFor = null;
    }
  }

  /** Stop the DNS runs of the shown analysis and forget what they showed. */
  #cancelRuns(): void {
    this.#scope.abort();
    this.#scope = new AbortController();
    this.#verifyRun = null;
    this.#signatureCheck = { state: 'idle' };
    this.#spfRecheck = { state: 'idle' };
  }

  /** Optional, visible DNS: SPF for the connecting IP and MAIL FROM the receiver checked, evaluated today. */
  async recheckSpf(): Promise<void> {
    // Worked out in the Worker over the whole analysis (the view holds one page of hops and fields).
    const input = this.#view && !this.#analysisRun.running ? this.#view.spfRecheck : null;
    // RFC 7208 §4.1: without the connecting client's IP there is nothing to re-check.
    if (!input?.ip) return;
    const ip = input.ip;
    const scope = this.#scope.signal;
    this.#spfRecheck = { state: 'running', input };
    const mark = this.#services.dns.mark();
    const { domain, sender, helo } = input;
    try {
      const { checkHost } = await import('../lib/spf');
      const result = await checkHost(
        { ip, domain, sender, ...(helo ? { helo } : {}) },
        this.#services.dns.resolver,
        { signal: scope },
      );
      if (!scope.aborted)
        this.#spfRecheck = {
          state: 'done',
          input,
          result,
          comparison: compareSpfRecheck(input.said, result.result, result.nxdomain === true),
          queries: this.#services.dns.since(mark),
        };
    } catch (error) {
      if (!scope.aborted)
        this.#spfRecheck = { state: 'error', input, message: `SPF could not be checked: ${message(error)}` };
    }
  }

  /**
   * Optional, visible DNS: verify every DKIM signature and the ARC chain cryptographically, fetching the keys over
   * DoH. Signatures are judged at the time the message arrived (its newest Received date).
   */
  async verifySignatures(): Promise<void> {
    // While a new paste is analysed, the shown result is about to go: no run starts for it.
    if (!this.#view || this.#analysisRun.running || this.#signatureCheck.state === 'running') return;
    const run = new AbortController();
    this.#verifyRun = run;
    // The message's scope, not the shown view: a policy lookup re-analyses the same message and the run goes on.
    const ofMessage = this.#scope.signal;
    const scope = AbortSignal.any([ofMessage, run.signal]);
    const exact = this.#exact;
    this.#signatureCheck = { state: 'running', progress: null };
    const mark = this.#services.dns.mark();
    try {
      const verified = await this.#worker.verify(this.#services.dns.resolver, {
        signal: scope,
        onProgress: (progress) => {
          if (!scope.aborted) this.#signatureCheck = { state: 'running', progress };
        },
      });
      if (scope.aborted) return;
      this.#signatureCheck = { state: 'done', ...verified, exact, queries: this.#services.dns.since(mark) };
    } catch (error) {
      if (ofMessage.aborted) return;
      this.#signatureCheck = run.signal.aborted
        ? { state: 'idle' }
        : { state: 'error', message: `The signatures could not be checked: ${message(error)}` };
    } finally {
      if (this.#verifyRun === run) this.#verifyRun = null;
    }
  }

  /** Stop a verification in progress; the card goes back to offering it. */
  cancelVerification(): void {
    this.#verifyRun?.abort();
    if (this.#signatureCheck.state === 'running') this.#signatureCheck = { state: 'idle' };
  }

  /** Optional, visible DNS: the From domain's DMARC record (RFC 9989 discovery) for the alignment modes. */
  async lookupPolicy(): Promise<void> {
    const domain = this.#view?.analysis.fromDomain;
    if (!domain) return;
    const scope = this.#scope.signal;
    const text = this.#analyzedText;
    this.#policy = { state: 'running', domain };
    const { lookupPolicyHint } = await import('./policy-hint');
    const found = await lookupPolicyHint(domain, this.#services.dns.resolver, scope).catch(
      (error: unknown) => ({
        record: null,
        location: null,
        policy: null,
        message: `The DNS lookup for _dmarc.${domain} failed (${message(error)}), so its policy could not be checked; alignment is shown as relaxed, the default.`,
      }),
    );
    if (scope.aborted) return;
    this.#policy = { state: 'done', domain, ...found };
    this.#policyFor = text;
    await this.analyze();
  }

  /** Put the paste in the URL fragment, only when the person asks. */
  async makeShareLink(): Promise<void> {
    const packed = await packText(this.input);
    this.#share =
      packed.length > MAX_SHARE_CHARS
        ? {
            ok: false,
            error: `The headers are too long for a link (${Math.round(packed.length / 1024)} KB compressed). Copy the Markdown report instead.`,
          }
        : { ok: true, url: `${this.#services.baseUrl()}${routeHash({ page: 'headers', shared: packed })}` };
  }
}

/** One per session: leaving the page and coming back keeps the paste and its analysis (in memory, never stored). */
export const headerAnalysis = new HeaderAnalysisState();
