// State of the Header analysis page: the paste (never in the URL unless shared), the analysis (in a Worker for
// large pastes), and the optional DNS runs that belong to one analysis: signature verification and the DMARC
// policy lookup. A new analysis cancels the runs of the old one and resets what they showed.

import {
  analyzeHeaders,
  decodeMessageBytes,
  type DmarcPolicyHint,
  type HeaderAnalysis,
} from '../lib/headers';
import type { ArcVerification } from '../lib/arc';
import type { DkimVerification } from '../lib/dkim';
import type { QueryLogEntry } from '../lib/dns';
import { spfRecheckInput, type SpfRecheckInput } from '../lib/headers/spf-recheck';
import type { CheckHostResult } from '../lib/spf';
import { dns } from './app';
import type { DnsPort } from './dns.svelte';
import { HeaderWorker } from './header-worker';
import { router } from './router.svelte';
import { routeHash, type Route } from './routes';
import { MAX_SHARE_CHARS, packText, unpackText } from './share';

/** Pastes above this size are parsed in a Worker. */
const WORKER_THRESHOLD = 256 * 1024;
/** Largest .eml or paste accepted. */
export const MAX_PASTE_BYTES = 25 * 1024 * 1024;
/** Files larger than this are analysed without being put in the text box (a huge textarea freezes browsers). */
const MAX_SHOWN_CHARS = 1024 * 1024;

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

export type PolicyLookup =
  | { state: 'idle' }
  | { state: 'running'; domain: string }
  | {
      state: 'done';
      domain: string;
      record: string | null;
      location: string | null;
      policy: DmarcPolicyHint | null;
      message: string;
    };

export type SignatureCheck =
  | { state: 'idle' }
  | { state: 'running' }
  | {
      state: 'done';
      dkim: DkimVerification[];
      arc: ArcVerification;
      /** Verified from the file's own bytes (exact), or from pasted text (line ends and spaces may differ). */
      exact: boolean;
      queries: readonly QueryLogEntry[];
    }
  | { state: 'error'; message: string };

export type SpfRecheck =
  | { state: 'idle' }
  | { state: 'running'; input: SpfRecheckInput }
  | { state: 'done'; input: SpfRecheckInput; result: CheckHostResult; queries: readonly QueryLogEntry[] }
  | { state: 'error'; input: SpfRecheckInput; message: string };

export type ShareLink = { ok: true; url: string } | { ok: false; error: string };

export interface HeaderServices {
  dns: DnsPort;
  router: { go(route: Route, options?: { replace?: boolean }): void };
  /** The page's address without the fragment, for share links. */
  baseUrl: () => string;
}

function appServices(): HeaderServices {
  return { dns, router, baseUrl: () => `${location.origin}${location.pathname}` };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class HeaderAnalysisState {
  /** The text box. */
  text = $state('');
  #fileName = $state<string | null>(null);
  #note = $state<string | null>(null);
  /** A large file's text, kept out of the text box. */
  #large = $state.raw<{ name: string; text: string } | null>(null);
  #running = $state(false);
  #error = $state<string | null>(null);
  #analysis = $state.raw<HeaderAnalysis | null>(null);
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
  /** Aborted when the analysis it belongs to is replaced or cleared. */
  #scope = new AbortController();
  #seq = 0;
  readonly #worker = new HeaderWorker();
  readonly #services: HeaderServices;

  constructor(services: HeaderServices = appServices()) {
    this.#services = services;
  }

  get fileName(): string | null {
    return this.#fileName;
  }
  get note(): string | null {
    return this.#note;
  }
  get large(): { name: string; text: string } | null {
    return this.#large;
  }
  get running(): boolean {
    return this.#running;
  }
  get error(): string | null {
    return this.#error;
  }
  get analysis(): HeaderAnalysis | null {
    return this.#analysis;
  }
  get policy(): PolicyLookup {
    return this.#policy;
  }
  get signatureCheck(): SignatureCheck {
    return this.#signatureCheck;
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
    if (file.size > MAX_PASTE_BYTES) {
      this.#error = `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB.`;
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { text, note } = decodeMessageBytes(bytes);
    this.#reset();
    this.#file = { bytes, text };
    if (text.length > MAX_SHOWN_CHARS) {
      this.#large = { name: file.name, text };
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
        this.#error = 'This shared link is damaged; its headers could not be read.';
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
    this.#seq++;
    this.#worker.stop();
    this.text = '';
    this.#running = false;
    this.#error = null;
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
    if (text.trim() === '') {
      this.#error = 'Paste the message headers first, or drop an .eml file.';
      this.#setAnalysis(null, '');
      return;
    }
    if (text.length > MAX_PASTE_BYTES) {
      this.#error = `That is ${(text.length / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB. Paste only the headers.`;
      return;
    }
    const id = ++this.#seq;
    // A run on the shown analysis belongs to it: a new paste cancels it now, not when its analysis is ready.
    if (text !== this.#analyzedText) this.#cancelRuns();
    this.#running = true;
    this.#error = null;
    // The policy looked up for another message does not apply to this one.
    if (this.#policyFor !== text) {
      this.#policyFor = null;
      this.#policy = { state: 'idle' };
    }
    const hint = this.#policy.state === 'done' ? this.#policy.policy : null;
    try {
      const analysis =
        text.length > WORKER_THRESHOLD
          ? await this.#worker.analyze(text, hint)
          : analyzeHeaders(text, { policy: hint });
      if (id !== this.#seq) return;
      this.#setAnalysis(analysis, text);
    } catch (error) {
      if (id === this.#seq) this.#error = `The headers could not be analysed: ${message(error)}`;
    } finally {
      if (id === this.#seq) this.#running = false;
    }
  }

  /** Show a new analysis (or none): the runs that belonged to the old one stop and their results go. */
  #setAnalysis(analysis: HeaderAnalysis | null, text: string): void {
    this.#cancelRuns();
    this.#analysis = analysis;
    this.#analyzedText = text;
    if (analysis === null || this.#policy.state === 'running') {
      this.#policy = { state: 'idle' };
      if (analysis === null) this.#policyFor = null;
    }
  }

  /** Stop the DNS runs of the shown analysis and forget what they showed. */
  #cancelRuns(): void {
    this.#scope.abort();
    this.#scope = new AbortController();
    this.#signatureCheck = { state: 'idle' };
    this.#spfRecheck = { state: 'idle' };
  }

  /** Optional, visible DNS: SPF for the connecting IP and MAIL FROM the receiver checked, evaluated today. */
  async recheckSpf(): Promise<void> {
    const analysis = this.#analysis;
    const input = analysis && !this.#running ? spfRecheckInput(analysis) : null;
    if (!input) return;
    const scope = this.#scope.signal;
    this.#spfRecheck = { state: 'running', input };
    const mark = this.#services.dns.mark();
    const { ip, domain, sender, helo } = input;
    try {
      const { checkHost } = await import('../lib/spf');
      const result = await checkHost(
        { ip, domain, sender, ...(helo ? { helo } : {}) },
        this.#services.dns.resolver,
        { signal: scope },
      );
      if (!scope.aborted)
        this.#spfRecheck = { state: 'done', input, result, queries: this.#services.dns.since(mark) };
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
    const analysis = this.#analysis;
    // While a new paste is analysed, the shown result is about to go: no run starts for it.
    if (!analysis || this.#running) return;
    const scope = this.#scope.signal;
    const input = this.#analyzedText;
    const exact = this.#file !== null && this.#file.text === input;
    const bytes = exact ? this.#file!.bytes : input;
    this.#signatureCheck = { state: 'running' };
    const { resolver } = this.#services.dns;
    const mark = this.#services.dns.mark();
    try {
      const [{ verifyDkim }, { verifyArc }] = await Promise.all([
        import('../lib/dkim'),
        import('../lib/arc'),
      ]);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an injected clock, not reactive state
      const now = () => new Date(analysis.judgedAt);
      const [dkim, arc] = await Promise.all([
        verifyDkim(bytes, resolver, { now, signal: scope }),
        verifyArc(bytes, resolver, { now, signal: scope }),
      ]);
      if (scope.aborted) return;
      this.#signatureCheck = { state: 'done', dkim, arc, exact, queries: this.#services.dns.since(mark) };
    } catch (error) {
      if (scope.aborted) return;
      this.#signatureCheck = {
        state: 'error',
        message: `The signatures could not be checked: ${message(error)}`,
      };
    }
  }

  /** Optional, visible DNS: the From domain's DMARC record (RFC 9989 discovery) for the alignment modes. */
  async lookupPolicy(): Promise<void> {
    const domain = this.#analysis?.fromDomain;
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
        message: `The DNS lookup for _dmarc.${domain} failed (${message(error)}); the default relaxed alignment is used.`,
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
