// The app's one DNS stack: DoH client (from the settings) behind a TTL cache, with a visible query log.

import {
  CachingResolver,
  DohClient,
  QueryLog,
  providersFor,
  type DnsSettings,
  type QueryLogEntry,
  type Resolver,
} from '../lib/dns';
import type { ProviderHealth } from '../lib/dns/doh-client';

/** What a tool's state needs from the DNS stack: the resolver, and the query log to show its own queries. */
export interface DnsPort {
  readonly resolver: Resolver;
  /** Number of log entries so far; a run notes it at its start to show only its own queries. */
  mark(): number;
  since(mark: number): readonly QueryLogEntry[];
  /** Which providers answer (for the "provider is down" notices); absent in test doubles. */
  readonly health?: readonly ProviderHealth[];
}

export class DnsService implements DnsPort {
  entries = $state.raw<readonly QueryLogEntry[]>([]);
  health = $state.raw<ProviderHealth[]>([]);
  #client: DohClient;
  #cache: CachingResolver;
  #log = new QueryLog();
  #key = '';

  constructor(settings: DnsSettings) {
    this.#log.subscribe((entries) => {
      this.entries = entries;
      this.health = this.#client.health();
    });
    this.#client = this.#build(settings);
    this.#cache = new CachingResolver(this.#client);
  }

  #build(settings: DnsSettings): DohClient {
    this.#key = JSON.stringify(settings);
    return new DohClient({
      providers: providersFor(settings),
      timeoutMs: settings.timeoutSeconds * 1000,
      now: () => performance.now(),
      onQuery: this.#log.add,
    });
  }

  /** Rebuild the client when the settings changed; the cache starts empty so answers come from the new provider. */
  configure(settings: DnsSettings): void {
    if (JSON.stringify(settings) === this.#key) return;
    this.#client = this.#build(settings);
    this.#cache = new CachingResolver(this.#client);
    this.health = this.#client.health();
  }

  /** The shared resolver (TTL cache in front of the DoH client). */
  get resolver(): Resolver {
    return this.#cache;
  }

  get providers(): string[] {
    return this.#client.providers.map((p) => p.label);
  }

  /** Number of log entries so far; a tool notes it at the start of a run to show only its own queries. */
  mark(): number {
    return this.entries.length;
  }

  since(mark: number): readonly QueryLogEntry[] {
    return this.entries.slice(mark);
  }

  clearCache(): void {
    this.#cache.clear();
    this.#log.clear();
  }
}
