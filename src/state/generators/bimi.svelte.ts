// State of the BIMI generator: logo and certificate URLs, import, and the live check of DMARC eligibility.

import { parseBimiRecord } from '../../lib/bimi/record';
import { hasErrors } from '../../lib/findings/issue';
import { bimiIntent, type DraftIntent } from '../../lib/generate/draft-intent';
import { bimiNotes } from '../../lib/generate/draft-notes';
import { bimiOptionsFromRecord, generateBimi, type BimiOptions } from '../../lib/generate/records';
import { appServices, ImportingGeneratorState, type GeneratorServices, type Query } from './generator.svelte';
import type { ImportOutcome } from './record-import.svelte';

export type AvatarPreference = '' | 'brand' | 'personal';

export class BimiGeneratorState extends ImportingGeneratorState<'bimi'> {
  logo = $state('');
  authority = $state('');
  avp = $state<AvatarPreference>('');
  #options = $derived.by((): BimiOptions => {
    const o: BimiOptions = { logo: this.logo.trim(), authority: this.authority.trim() };
    if (this.avp) o.avp = this.avp;
    return o;
  });
  readonly record = $derived(generateBimi(this.#options));
  readonly issues = $derived.by(() => {
    const issues = parseBimiRecord(this.record).issues;
    return hasErrors(issues) ? issues : [...issues, ...bimiNotes(this.#options)];
  });

  constructor(services: GeneratorServices = appServices()) {
    super('bimi', services);
  }

  protected override intent(): DraftIntent | null {
    return bimiIntent(this.#options);
  }

  loadRecord(text: string): ImportOutcome {
    this.#show(bimiOptionsFromRecord(text));
    return { ok: true, notes: [] };
  }

  #show(o: BimiOptions): void {
    this.logo = o.logo;
    this.authority = o.authority;
    this.avp = o.avp ?? '';
  }

  get query(): Query {
    return { domain: this.domainText.trim(), l: this.logo.trim(), a: this.authority.trim(), avp: this.avp };
  }

  loadQuery(query: Record<string, string>): void {
    this.domainText = query.domain ?? '';
    this.#show({
      logo: query.l ?? '',
      authority: query.a ?? '',
      ...(query.avp === 'brand' || query.avp === 'personal' ? { avp: query.avp } : {}),
    });
  }

  /** Whether the domain's DMARC policy allows a logo (null until checked or when it could not be). */
  get eligible(): boolean | null {
    return this.analysis('draft')?.eligible ?? null;
  }
}
