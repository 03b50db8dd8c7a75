// A bound on the DNS questions one part of a check asks, so a hostile zone (a thousand SPF terms, hundreds of report
// addresses, a long list of selectors) cannot make a browser send thousands of queries. Past the bound a question is
// not sent and its lookup fails with `query-limit`, which every area reads as "could not check", with that cause.

import { DnsTransportError } from './errors';
import { canonicalName } from './names';
import type { DohResponse, Resolver } from './types';

/**
 * Distinct questions one area of a domain check may ask. A real domain needs well under 100 per area (DKIM's 33
 * common selectors, an SPF tree at the 10-lookup limit with its a/mx addresses); RFC 7208 §4.6.4 bounds a receiver's
 * SPF check alike. The bound leaves room for selectors a person names and for large but legitimate include trees.
 */
export const MAX_QUERIES_PER_AREA = 250;

export class QueryBudget implements Resolver {
  readonly #inner: Resolver;
  readonly #max: number;
  readonly #asked = new Set<string>();
  /** Questions refused because the budget was spent. */
  refused = 0;

  constructor(inner: Resolver, max = MAX_QUERIES_PER_AREA) {
    this.#inner = inner;
    this.#max = max;
  }

  query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse> {
    const key = `${canonicalName(name)}|${type.toUpperCase()}`;
    if (!this.#asked.has(key)) {
      if (this.#asked.size >= this.#max) {
        this.refused++;
        return Promise.reject(
          new DnsTransportError(
            'query-limit',
            `Not asked: this part of the check already asked ${this.#max} DNS questions, the most it asks (a limit of this tool, not of DNS).`,
            // The same records need the same questions: a later check meets the limit again.
            { lasting: true },
          ),
        );
      }
      this.#asked.add(key);
    }
    return this.#inner.query(name, type, signal);
  }
}
