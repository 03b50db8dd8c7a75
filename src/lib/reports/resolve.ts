// On-demand DNS about source addresses: reverse DNS with forward confirmation (RFC 1035 §3.5 PTR, the RFC 8601
// §3 "iprev" check), batched, cached, cancellable, with progress. Every address becomes one or more DNS questions
// to the user's chosen resolver, so the caller runs this only when the user opts in.

import { lookup } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { formatIp, parseIp, reverseName, unmapIpv4 } from '../net/ip';
import type { PtrInfo } from './sources';

/** Names confirmed per address (RFC 7208 §5.5 checks up to 10; three settles every real host). */
export const MAX_PTR_NAMES_CONFIRMED = 3;
/** Questions in flight at once: enough to finish a month of sources quickly, gentle on the provider. */
export const RESOLVE_CONCURRENCY = 6;

export interface BatchOptions {
  signal?: AbortSignal;
  /** Called after each address with how many are done. */
  onProgress?: (done: number, total: number) => void;
  concurrency?: number;
}

/** Run `task` over `items` with at most `concurrency` at once; stops starting new ones once aborted. */
export async function runBatched<T>(
  items: readonly T[],
  task: (item: T) => Promise<void>,
  options: BatchOptions,
  concurrency: number,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const item = items[next++]!;
      await task(item);
      done++;
      options.onProgress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function ptrOf(ip: string, resolver: Resolver, signal?: AbortSignal): Promise<PtrInfo> {
  const parsed = parseIp(ip);
  if (parsed === null)
    return { status: 'error', names: [], confirmed: null, error: `“${ip}” is not an IP address.` };
  const address = unmapIpv4(parsed);
  const ptr = await lookup(resolver, reverseName(address), 'PTR', signal);
  if (ptr.kind === 'error') return { status: 'error', names: [], confirmed: null, error: ptr.message };
  if (ptr.kind !== 'records') return { status: 'none', names: [], confirmed: null };
  const names = ptr.records.map((r) => r.data.replace(/\.$/, '').toLowerCase()).filter((n) => n !== '');
  const want = formatIp(address);
  let confirmed: string | null = null;
  for (const name of names.slice(0, MAX_PTR_NAMES_CONFIRMED)) {
    const forward = await lookup(resolver, name, address.version === 4 ? 'A' : 'AAAA', signal);
    if (forward.kind !== 'records') continue;
    if (
      forward.records.some((r) => {
        const a = parseIp(r.data);
        return a !== null && formatIp(unmapIpv4(a)) === want;
      })
    ) {
      confirmed = name;
      break;
    }
  }
  return { status: 'found', names, confirmed };
}

/**
 * PTR names of each address and the first that is forward-confirmed. Answers found before are taken from
 * `cache` (and new ones added to it); DNS failures are returned but not cached, so a retry asks again.
 */
export async function reverseLookup(
  ips: readonly string[],
  resolver: Resolver,
  options: BatchOptions & { cache?: Map<string, PtrInfo> } = {},
): Promise<Map<string, PtrInfo>> {
  const cache = options.cache ?? new Map<string, PtrInfo>();
  const out = new Map<string, PtrInfo>();
  const todo: string[] = [];
  for (const ip of new Set(ips)) {
    const known = cache.get(ip);
    if (known) out.set(ip, known);
    else todo.push(ip);
  }
  await runBatched(
    todo,
    async (ip) => {
      const info = await ptrOf(ip, resolver, options.signal);
      if (options.signal?.aborted) return;
      out.set(ip, info);
      if (info.status !== 'error') cache.set(ip, info);
    },
    options,
    options.concurrency ?? RESOLVE_CONCURRENCY,
  );
  return out;
}
