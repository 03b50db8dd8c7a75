// A record of every DNS question that went to the network, so each tool can show "14 DNS queries, 182 ms".

export interface QueryLogEntry {
  name: string;
  type: string;
  /** Label of the provider that answered or failed ("Cloudflare", "Google", a custom host). */
  provider: string;
  /** RCODE name for an answer ("NOERROR", "NXDOMAIN", "SERVFAIL"…) or the failure ("timeout", "HTTP 503"…). */
  status: string;
  ok: boolean;
  answers: number;
  /** Milliseconds from sending the request to its end. */
  ms: number;
  /** When the request was sent, in the client's clock (ms). */
  startedAt: number;
  /** 1 for the first try at this provider, 2 for the retry after 5xx/429. */
  attempt: number;
}

export interface QueryLogSummary {
  queries: number;
  failures: number;
  /** Wall time from the first request sent to the last answer, in ms. */
  spanMs: number;
  providers: string[];
}

export class QueryLog {
  #entries: QueryLogEntry[] = [];
  #listeners = new Set<(entries: readonly QueryLogEntry[]) => void>();
  add = (entry: QueryLogEntry): void => {
    this.#entries = [...this.#entries, entry];
    for (const listener of this.#listeners) listener(this.#entries);
  };

  clear(): void {
    this.#entries = [];
    for (const listener of this.#listeners) listener(this.#entries);
  }

  get entries(): readonly QueryLogEntry[] {
    return this.#entries;
  }

  subscribe(listener: (entries: readonly QueryLogEntry[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  summary(): QueryLogSummary {
    return summarizeQueries(this.#entries);
  }
}

export function summarizeQueries(entries: readonly QueryLogEntry[]): QueryLogSummary {
  if (entries.length === 0) return { queries: 0, failures: 0, spanMs: 0, providers: [] };
  const start = Math.min(...entries.map((e) => e.startedAt));
  const end = Math.max(...entries.map((e) => e.startedAt + e.ms));
  return {
    queries: entries.length,
    failures: entries.filter((e) => !e.ok).length,
    spanMs: Math.round(end - start),
    providers: [...new Set(entries.map((e) => e.provider))],
  };
}

export function formatQuerySummary(summary: QueryLogSummary): string {
  const q = `${summary.queries} DNS quer${summary.queries === 1 ? 'y' : 'ies'}`;
  const failed = summary.failures > 0 ? `, ${summary.failures} failed` : '';
  return `${q}, ${summary.spanMs} ms${failed}`;
}
