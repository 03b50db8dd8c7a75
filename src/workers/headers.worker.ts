// The header analysis off the main thread: parsing, views and pages, and signature verification. The Worker never
// talks to the network: each key lookup is a message to the page, which asks its own resolver and answers.

import type { DohResponse, Resolver } from '../lib/dns';
import type { AnalysisPolicy } from './header-view';
import { HeaderStore, type PagedList, type ValuePath, type VerifyProgress } from './header-store';

export type HeadersRequest =
  /** A piece of the next analysis's text (a big paste arrives in pieces, so no one message stalls the page). */
  | { type: 'piece'; id: number; text: string }
  /** Analyse the pieces sent so far followed by `text`. */
  | {
      type: 'analyze';
      id: number;
      text: string;
      policy: AnalysisPolicy;
      bytes?: Uint8Array | undefined;
    }
  | { type: 'page'; id: number; list: PagedList; offset: number; filter?: string | undefined }
  | { type: 'value'; id: number; path: ValuePath }
  | { type: 'verify'; id: number }
  /** Stop the verification `id`. */
  | { type: 'cancel'; id: number }
  /** The page's answer to a key lookup. */
  | { type: 'dns'; qid: number; ok: true; response: DohResponse }
  | { type: 'dns'; qid: number; ok: false; error: string };

export type HeadersResponse =
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string; aborted?: boolean }
  | { type: 'progress'; id: number; progress: VerifyProgress }
  /** Ask the page's resolver. */
  | { type: 'dns'; qid: number; name: string; qtype: string }
  /** The lookup `qid` is no longer wanted. */
  | { type: 'dns-abort'; qid: number };

const post = (message: HeadersResponse) => (self as unknown as Worker).postMessage(message);
const store = new HeaderStore();
const runs = new Map<number, AbortController>();
const lookups = new Map<number, { resolve: (r: DohResponse) => void; reject: (e: Error) => void }>();
let qseq = 0;
/** The pieces of the text being sent. */
let pieces: string[] = [];

/** The page's resolver, reached by messages. */
const resolver: Resolver = {
  query: (name, qtype, signal) =>
    new Promise<DohResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const qid = ++qseq;
      const onAbort = () => {
        lookups.delete(qid);
        post({ type: 'dns-abort', qid });
        reject(signal!.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      lookups.set(qid, {
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      post({ type: 'dns', qid, name, qtype });
    }),
};

async function answer(id: number, work: () => unknown): Promise<void> {
  try {
    post({ type: 'result', id, ok: true, value: await work() });
  } catch (error) {
    const aborted = error instanceof DOMException && error.name === 'AbortError';
    post({
      type: 'result',
      id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      aborted,
    });
  }
}

self.onmessage = (event: MessageEvent<HeadersRequest>) => {
  const m = event.data;
  switch (m.type) {
    case 'piece':
      pieces.push(m.text);
      return;
    case 'analyze': {
      // Another message ends the verifications of the old one (the store does, so the same message keeps them).
      const text = pieces.length > 0 ? pieces.join('') + m.text : m.text;
      pieces = [];
      void answer(m.id, () => store.analyze(text, m.policy, m.bytes));
      return;
    }
    case 'page':
      void answer(m.id, () => store.page(m.list, m.offset, m.filter));
      return;
    case 'value':
      void answer(m.id, () => store.value(m.path));
      return;
    case 'verify': {
      const run = new AbortController();
      runs.set(m.id, run);
      void answer(m.id, () =>
        store.verify(resolver, {
          signal: run.signal,
          onProgress: (progress) => post({ type: 'progress', id: m.id, progress }),
        }),
      ).finally(() => runs.delete(m.id));
      return;
    }
    case 'cancel':
      runs.get(m.id)?.abort(new DOMException('The verification was cancelled.', 'AbortError'));
      return;
    case 'dns': {
      const waiting = lookups.get(m.qid);
      lookups.delete(m.qid);
      if (m.ok) waiting?.resolve(m.response);
      else waiting?.reject(new Error(m.error));
      return;
    }
  }
};
