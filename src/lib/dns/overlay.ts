// "As if published": a Resolver that answers TXT at one name with a draft record in place of the live one(s)
// of the same kind, and passes every other question through. The generators check drafts with it.

import { canonicalName } from './names';
import { decodeTxtData, encodeTxtPresentation } from './txt';
import type { DohResponse, Resolver } from './types';

export interface Draft {
  name: string;
  /** The draft record's value. */
  text: string;
  /** Which live TXT records the draft replaces (e.g. the v=spf1 ones). */
  replaces: (text: string) => boolean;
}

export class OverlayResolver implements Resolver {
  readonly #inner: Resolver;
  readonly #drafts: Draft[];

  constructor(inner: Resolver, drafts: Draft[]) {
    this.#inner = inner;
    this.#drafts = drafts.map((d) => ({ ...d, name: canonicalName(d.name) }));
  }

  async query(name: string, type: string, signal?: AbortSignal): Promise<DohResponse> {
    const draft =
      type.toUpperCase() === 'TXT' ? this.#drafts.find((d) => d.name === canonicalName(name)) : undefined;
    if (!draft) return this.#inner.query(name, type, signal);
    let kept: NonNullable<DohResponse['Answer']> = [];
    try {
      const live = await this.#inner.query(name, type, signal);
      // Other TXT records at the name stay (they count toward the answer size); CNAMEs are dropped because the
      // draft would be published at the name itself.
      if (live.Status === 0) {
        kept = (live.Answer ?? []).filter(
          (r) =>
            r.type === 16 &&
            canonicalName(r.name) === draft.name &&
            !draft.replaces(decodeTxtData(r.data).text),
        );
      }
    } catch {
      // The live name cannot be read: the draft alone is what the check sees.
    }
    return {
      Status: 0,
      AD: false,
      Answer: [...kept, { name: draft.name, type: 16, TTL: 0, data: encodeTxtPresentation(draft.text) }],
    };
  }
}
