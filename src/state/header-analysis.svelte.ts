// State of the Header analysis page: the paste (never in the URL unless shared), the analysis (in a Worker for
// large pastes), and the optional live DMARC policy lookup.

import {
  analyzeHeaders,
  decodeMessageBytes,
  type DmarcPolicyHint,
  type HeaderAnalysis,
} from '../lib/headers';
import type { ArcVerification } from '../lib/arc';
import type { DkimVerification } from '../lib/dkim';
import type { QueryLogEntry } from '../lib/dns';
import type { HeadersRequest, HeadersResponse } from '../workers/headers.worker';
import { dns } from './app';
import { MAX_SHARE_CHARS, packText } from './share';

/** Pastes above this size are parsed in a Worker. */
const WORKER_THRESHOLD = 256 * 1024;
/** Largest .eml or paste accepted. */
export const MAX_PASTE_BYTES = 25 * 1024 * 1024;
/** Files larger than this are analysed without being put in the text box (a huge textarea freezes browsers). */
const MAX_SHOWN_CHARS = 1024 * 1024;

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

export class HeaderAnalysisState {
  text = $state('');
  fileName = $state<string | null>(null);
  running = $state(false);
  analysis = $state.raw<HeaderAnalysis | null>(null);
  error = $state<string | null>(null);
  note = $state<string | null>(null);
  policy = $state.raw<PolicyLookup>({ state: 'idle' });
  /** A large file's text, kept out of the text box. */
  large = $state.raw<{ name: string; text: string } | null>(null);
  signatureCheck = $state.raw<SignatureCheck>({ state: 'idle' });
  /** The dropped file's bytes and the text they decoded to: signatures are verified over the exact bytes. */
  #file: { bytes: Uint8Array; text: string } | null = null;
  #worker: Worker | null = null;
  #seq = 0;

  /** The text to analyse: a large file's, or what is in the box. */
  get input(): string {
    return this.large?.text ?? this.text;
  }

  async analyze(): Promise<void> {
    const text = this.input;
    if (text.trim() === '') {
      this.error = 'Paste the message headers first, or drop an .eml file.';
      this.analysis = null;
      return;
    }
    if (text.length > MAX_PASTE_BYTES) {
      this.error = `That is ${(text.length / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB. Paste only the headers.`;
      return;
    }
    const id = ++this.#seq;
    this.running = true;
    this.error = null;
    this.signatureCheck = { state: 'idle' };
    const policy = this.policy.state === 'done' ? this.policy.policy : null;
    try {
      const analysis =
        text.length > WORKER_THRESHOLD
          ? await this.#inWorker(id, text, policy)
          : analyzeHeaders(text, { policy });
      if (id !== this.#seq) return;
      this.analysis = analysis;
    } catch (error) {
      if (id === this.#seq)
        this.error = `The headers could not be analysed: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      if (id === this.#seq) this.running = false;
    }
  }

  #inWorker(id: number, text: string, policy: DmarcPolicyHint | null): Promise<HeaderAnalysis> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- Vite's worker URL idiom, not reactive state
    this.#worker ??= new Worker(new URL('../workers/headers.worker.ts', import.meta.url), { type: 'module' });
    const worker = this.#worker;
    return new Promise((resolve, reject) => {
      const onMessage = (event: MessageEvent<HeadersResponse>) => {
        if (event.data.id !== id) return;
        worker.removeEventListener('message', onMessage);
        if (event.data.ok) resolve(event.data.analysis);
        else reject(new Error(event.data.error));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', (e) => reject(new Error(e.message || 'The worker failed.')), {
        once: true,
      });
      worker.postMessage({ id, text, policy } satisfies HeadersRequest);
    });
  }

  async loadFile(file: File): Promise<void> {
    if (file.size > MAX_PASTE_BYTES) {
      this.error = `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 25 MB.`;
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { text, note } = decodeMessageBytes(bytes);
    this.#file = { bytes, text };
    if (text.length > MAX_SHOWN_CHARS) {
      this.large = { name: file.name, text };
      this.text = '';
    } else {
      this.large = null;
      this.text = text;
    }
    this.fileName = file.name;
    this.note = note;
    this.policy = { state: 'idle' };
    await this.analyze();
  }

  clear(): void {
    this.#seq++;
    this.text = '';
    this.large = null;
    this.fileName = null;
    this.analysis = null;
    this.error = null;
    this.note = null;
    this.running = false;
    this.policy = { state: 'idle' };
    this.signatureCheck = { state: 'idle' };
    this.#file = null;
  }

  /**
   * Optional, visible DNS: verify every DKIM signature and the ARC chain cryptographically, fetching the keys over
   * DoH. Signatures are judged at the time the message arrived (its newest Received date).
   */
  async verifySignatures(): Promise<void> {
    const analysis = this.analysis;
    if (!analysis) return;
    const input = this.input;
    const exact = this.#file !== null && this.#file.text === input;
    const message = exact ? this.#file!.bytes : input;
    this.signatureCheck = { state: 'running' };
    const mark = dns.mark();
    try {
      const [{ verifyDkim }, { verifyArc }] = await Promise.all([
        import('../lib/dkim'),
        import('../lib/arc'),
      ]);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- an injected clock, not reactive state
      const now = () => new Date(analysis.judgedAt);
      const [dkim, arc] = await Promise.all([
        verifyDkim(message, dns.resolver, { now }),
        verifyArc(message, dns.resolver, { now }),
      ]);
      if (this.analysis !== analysis) return;
      this.signatureCheck = { state: 'done', dkim, arc, exact, queries: dns.since(mark) };
    } catch (error) {
      if (this.analysis === analysis)
        this.signatureCheck = {
          state: 'error',
          message: `The signatures could not be checked: ${error instanceof Error ? error.message : String(error)}`,
        };
    }
  }

  /** Optional, visible DNS: the From domain's DMARC record (RFC 9989 discovery) for the alignment modes. */
  async lookupPolicy(): Promise<void> {
    const domain = this.analysis?.fromDomain;
    if (!domain) return;
    this.policy = { state: 'running', domain };
    const { analyzeDmarc } = await import('../lib/dmarc');
    const result = await analyzeDmarc(domain, dns.resolver);
    const source = result.discovery.rfc9989;
    const p = result.policy;
    let message: string;
    if (source.source === 'error')
      message = `The DNS lookup for _dmarc.${domain} failed; the default relaxed alignment is used.`;
    else if (!p)
      message = `${domain} publishes no usable DMARC record, so receivers apply no DMARC policy to it.`;
    else
      message = `Policy ${result.effectivePolicy} from _dmarc.${source.domain} (adkim=${p.adkim}, aspf=${p.aspf}).`;
    this.policy = {
      state: 'done',
      domain,
      record: source.record,
      location: source.domain,
      policy: p
        ? { adkim: p.adkim, aspf: p.aspf, p: result.effectivePolicy, source: `_dmarc.${source.domain}` }
        : null,
      message,
    };
    await this.analyze();
  }

  /** Put the paste in the URL fragment, only when the person asks. */
  async shareLink(): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
    const packed = await packText(this.input);
    if (packed.length > MAX_SHARE_CHARS) {
      return {
        ok: false,
        error: `The headers are too long for a link (${Math.round(packed.length / 1024)} KB compressed). Copy the Markdown report instead.`,
      };
    }
    return { ok: true, url: `${location.origin}${location.pathname}#/headers?h=${packed}` };
  }
}
