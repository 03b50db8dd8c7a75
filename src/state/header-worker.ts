// The page's side of the header Worker: analyses, pages, whole values and signature verification, each a request
// answered by id. A newer analysis ends the Worker running an older one (a stale parse of megabytes is not worth
// waiting for). During a verification the Worker asks for keys by message; this side asks the page's resolver.

import type { DohResponse, Resolver } from '../lib/dns';
import type {
  AnalysisPolicy,
  HeaderEngine,
  HeaderView,
  ListPage,
  PagedList,
  ValuePath,
  Verified,
  VerifyProgress,
} from '../workers/header-view';
import type { HeadersRequest, HeadersResponse } from '../workers/headers.worker';

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: ((p: VerifyProgress) => void) | undefined;
};

/** Requests without their id (the id is given when sent). */
type Ask = HeadersRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const abortError = (text: string) => new DOMException(text, 'AbortError');

/** A text is posted in pieces of this many characters, one per task (posting copies; 25 MB at once is a stall). */
const PIECE_CHARS = 1024 * 1024;

export class HeaderWorker implements HeaderEngine {
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  /** Lookups the Worker asked for, by its query id. */
  #lookups = new Map<number, AbortController>();
  #resolver: Resolver | null = null;
  #analyzing: number | null = null;
  #seq = 0;
  #claims = 0;

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('../workers/headers.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<HeadersResponse>) => this.#receive(worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      this.#end(new Error(event.message || 'The worker failed.'));
    };
    this.#worker = worker;
    return worker;
  }

  #receive(worker: Worker, m: HeadersResponse): void {
    if (m.type === 'result') {
      const waiting = this.#pending.get(m.id);
      this.#pending.delete(m.id);
      if (this.#analyzing === m.id) this.#analyzing = null;
      if (m.ok) waiting?.resolve(m.value);
      else waiting?.reject(m.aborted ? abortError(m.error) : new Error(m.error));
    } else if (m.type === 'progress') this.#pending.get(m.id)?.onProgress?.(m.progress);
    else if (m.type === 'dns') {
      const lookup = new AbortController();
      this.#lookups.set(m.qid, lookup);
      const reply = (message: HeadersRequest) => {
        this.#lookups.delete(m.qid);
        if (!lookup.signal.aborted && this.#worker === worker) worker.postMessage(message);
      };
      const resolver = this.#resolver;
      if (!resolver) return reply({ type: 'dns', qid: m.qid, ok: false, error: 'No lookup is running.' });
      resolver.query(m.name, m.qtype, lookup.signal).then(
        (response: DohResponse) => reply({ type: 'dns', qid: m.qid, ok: true, response }),
        (error: unknown) =>
          reply({
            type: 'dns',
            qid: m.qid,
            ok: false,
            error: error instanceof Error ? error.message : String(error),
          }),
      );
    } else {
      this.#lookups.get(m.qid)?.abort();
      this.#lookups.delete(m.qid);
    }
  }

  #ask<T>(
    request: Ask,
    onProgress?: (p: VerifyProgress) => void,
    transfer: Transferable[] = [],
  ): [number, Promise<T>] {
    const worker = this.#start();
    const id = ++this.#seq;
    const promise = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress });
    });
    worker.postMessage({ ...request, id } as HeadersRequest, transfer);
    return [id, promise];
  }

  /** End the Worker and everything waiting on it. */
  #end(error: Error): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#analyzing = null;
    for (const lookup of this.#lookups.values()) lookup.abort();
    this.#lookups.clear();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }

  async analyze(text: string, policy: AnalysisPolicy, bytes?: Uint8Array): Promise<HeaderView> {
    this.stop();
    // Claim the analysis before yielding, so a newer one started meanwhile ends this one.
    const claim = -++this.#claims;
    let sent = 0;
    if (text.length > PIECE_CHARS) {
      this.#analyzing = claim;
      for (; sent + PIECE_CHARS < text.length; sent += PIECE_CHARS) {
        const piece = text.slice(sent, sent + PIECE_CHARS);
        this.#start().postMessage({ type: 'piece', id: 0, text: piece } satisfies HeadersRequest);
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (this.#analyzing !== claim) throw abortError('A newer analysis replaced this one.');
      }
    }
    const rest = sent === 0 ? text : text.slice(sent);
    const [id, done] = this.#ask<HeaderView>({ type: 'analyze', text: rest, policy, bytes });
    this.#analyzing = id;
    return done;
  }

  page(list: PagedList, offset: number, filter?: string): Promise<{ page: ListPage; rows: unknown[] }> {
    return this.#ask<{ page: ListPage; rows: unknown[] }>({ type: 'page', list, offset, filter })[1];
  }

  value(path: ValuePath): Promise<string | null> {
    return this.#ask<string | null>({ type: 'value', path })[1];
  }

  verify(
    resolver: Resolver,
    options: { signal?: AbortSignal; onProgress?: (p: VerifyProgress) => void },
  ): Promise<Verified> {
    this.#resolver = resolver;
    const [id, done] = this.#ask<Verified>({ type: 'verify' }, options.onProgress);
    const cancel = () => this.#worker?.postMessage({ type: 'cancel', id } satisfies HeadersRequest);
    options.signal?.addEventListener('abort', cancel, { once: true });
    return done.finally(() => options.signal?.removeEventListener('abort', cancel));
  }

  /** End an analysis in progress (its Worker is ended and a fresh one made for the next request). */
  stop(): void {
    if (this.#analyzing !== null) this.#end(abortError('A newer analysis replaced this one.'));
  }
}
