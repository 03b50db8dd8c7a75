// The header parser in a Worker for large pastes, so the page never freezes. One parse at a time: a newer parse
// ends the Worker running an older one (a stale parse of megabytes is not worth waiting for).

import type { DmarcPolicyHint, HeaderAnalysis } from '../lib/headers';
import type { HeadersRequest, HeadersResponse } from '../workers/headers.worker';

export class HeaderWorker {
  #worker: Worker | null = null;
  #pending: { id: number; reject: (error: Error) => void } | null = null;
  #seq = 0;

  /** Parse `text` in the Worker; rejects with an AbortError when a newer parse or `stop()` replaces it. */
  analyze(text: string, policy: DmarcPolicyHint | null): Promise<HeaderAnalysis> {
    this.stop();
    this.#worker ??= new Worker(new URL('../workers/headers.worker.ts', import.meta.url), { type: 'module' });
    const worker = this.#worker;
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      const done = () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        if (this.#pending?.id === id) this.#pending = null;
      };
      const onMessage = (event: MessageEvent<HeadersResponse>) => {
        if (event.data.id !== id) return;
        done();
        if (event.data.ok) resolve(event.data.analysis);
        else reject(new Error(event.data.error));
      };
      const onError = (event: ErrorEvent) => {
        done();
        reject(new Error(event.message || 'The worker failed.'));
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      this.#pending = {
        id,
        reject: (error) => {
          done();
          reject(error);
        },
      };
      worker.postMessage({ id, text, policy } satisfies HeadersRequest);
    });
  }

  /** End a parse in progress (its Worker is ended and a fresh one made for the next parse). */
  stop(): void {
    if (!this.#pending) return;
    this.#pending.reject(new DOMException('A newer analysis replaced this one.', 'AbortError'));
    this.#worker?.terminate();
    this.#worker = null;
  }
}
