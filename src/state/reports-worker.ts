// The page's side of the reports Worker: one request, one answer (matched by id), progress while files are read.
// The Worker holds the reports; the page asks it for views and pages, never for the whole month at once.

import type { ReadProgress } from '../lib/reports';
import type { ReportsRequest, ReportsResponse } from '../workers/reports.worker';

/** A request without its id (the channel numbers them). */
export type ReportsAsk = ReportsRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** What the channel talks to: a Worker, or in tests the worker module run in-process. */
export interface ReportsPort {
  postMessage(message: ReportsRequest, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ReportsResponse>) => void) | null;
  onerror?: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export function workerPort(): ReportsPort {
  return new Worker(new URL('../workers/reports.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as ReportsPort;
}

export class ReportsChannel {
  #port: ReportsPort | null = null;
  #seq = 0;
  readonly #pending = new Map<
    number,
    {
      resolve: (r: ReportsResponse) => void;
      reject: (e: Error) => void;
      progress?: (p: ReadProgress) => void;
    }
  >();
  readonly #make: () => ReportsPort;

  constructor(make: () => ReportsPort = workerPort) {
    this.#make = make;
  }

  #connect(): ReportsPort {
    if (this.#port) return this.#port;
    const port = this.#make();
    port.onmessage = (event) => {
      const message = event.data;
      const waiting = this.#pending.get(message.id);
      if (!waiting) return;
      if (message.type === 'progress') return waiting.progress?.(message.progress);
      this.#pending.delete(message.id);
      if (message.type === 'error') waiting.reject(new Error(message.error));
      else if (message.type === 'stopped')
        waiting.reject(new DOMException('The read was stopped before it finished.', 'AbortError'));
      else waiting.resolve(message);
    };
    port.onerror = (event) => {
      for (const w of this.#pending.values()) w.reject(new Error(event.message || 'The reader stopped.'));
      this.#pending.clear();
      this.#port?.terminate();
      this.#port = null;
    };
    return (this.#port = port);
  }

  /** Ask the Worker; the answer of the same id resolves it (an 'error' answer rejects). */
  ask<T extends ReportsResponse['type']>(
    message: ReportsAsk,
    expect: T,
    options: { transfer?: Transferable[]; progress?: (p: ReadProgress) => void } = {},
  ): Promise<Extract<ReportsResponse, { type: T }>> {
    const port = this.#connect();
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        resolve: (r) =>
          r.type === expect
            ? resolve(r as Extract<ReportsResponse, { type: T }>)
            : reject(new Error(`Expected ${expect}, got ${r.type}.`)),
        reject,
        ...(options.progress ? { progress: options.progress } : {}),
      });
      port.postMessage({ ...message, id } as ReportsRequest, options.transfer ?? []);
    });
  }

  /** End the Worker (forget everything): what it held is gone. */
  close(): void {
    for (const w of this.#pending.values()) w.reject(new DOMException('Closed.', 'AbortError'));
    this.#pending.clear();
    this.#port?.terminate();
    this.#port = null;
  }
}
