// State of the MTA-STS generator (RFC 8461): mode, mx patterns, max_age and id; the TXT record and policy file
// it builds; filling the mx list from the domain's MX hosts; and the live check of the TXT record.

import { mtaStsNotes } from '../../lib/generate/draft-notes';
import { issuesAbout } from '../../lib/generate/output';
import {
  freshStsId,
  generateMtaStsPolicy,
  generateMtaStsTxt,
  mtaStsMxList,
  type MtaStsOptions,
} from '../../lib/generate/records';
import { parseMtaStsPolicy, parseMtaStsTxt } from '../../lib/mtasts/record';
import { appServices, DraftGeneratorState, type GeneratorServices, type Query } from './generator.svelte';
import { Task } from '../task.svelte';
import type { DraftExtras } from './draft-checker.svelte';
import type { ImportMessage } from './record-import.svelte';

/** A week: long enough to protect, short enough to fix a mistake while testing. */
const DEFAULT_MAX_AGE = 604_800;

export class MtaStsGeneratorState extends DraftGeneratorState<'mta-sts'> {
  mode = $state<MtaStsOptions['mode']>('testing');
  /** mx patterns, one per line. */
  mxText = $state('');
  maxAge = $state(DEFAULT_MAX_AGE);
  id = $state('');
  #mxMessage = $state.raw<ImportMessage | null>(null);
  readonly #mxRun = new Task();

  #mx = $derived(mtaStsMxList(this.mxText));
  #options = $derived<MtaStsOptions>({
    mode: this.mode,
    mx: this.#mx,
    maxAge: this.maxAge,
    id: this.id.trim(),
  });
  /** The TXT record at _mta-sts.<domain> (what the live check runs on). */
  readonly record = $derived(generateMtaStsTxt(this.#options));
  #policy = $derived(generateMtaStsPolicy(this.#options));
  readonly issues = $derived([
    ...issuesAbout('TXT record', parseMtaStsTxt(this.record).issues),
    ...issuesAbout('Policy file', parseMtaStsPolicy(this.#policy).issues),
    ...mtaStsNotes(this.#options),
  ]);

  constructor(services: GeneratorServices = appServices()) {
    super('mta-sts', services);
  }

  /** The policy file served at https://mta-sts.<domain>/.well-known/mta-sts.txt. */
  get policy(): string {
    return this.#policy;
  }
  get policyUrl(): string {
    return `https://mta-sts.${this.domain ?? 'example.com'}/.well-known/mta-sts.txt`;
  }

  /** RFC 8461 §3.1: a new id tells senders the policy changed. */
  newId(): void {
    this.id = freshStsId(this.services.now());
  }

  get mxLoading(): boolean {
    return this.#mxRun.running;
  }
  get mxMessage(): ImportMessage | null {
    return this.#mxMessage;
  }

  /** The live check also judges the policy file's mx lines against the domain's MX hosts (RFC 8461 §4.1, §5). */
  protected override get extras(): DraftExtras {
    return { policy: this.#policy };
  }

  /** Fill the mx list with the domain's MX hosts today. */
  async useMxHosts(): Promise<void> {
    const domain = this.domain;
    if (!domain) return;
    this.#mxMessage = null;
    const outcome = await this.#mxRun.run(async (signal) => {
      // The draft check's analyzers load with the first lookup, not with the page.
      const { fetchMxHosts } = await import('../../lib/generate/draft-check');
      return fetchMxHosts(domain, this.services.dns.resolver, signal);
    });
    if (!outcome) return;
    const found = outcome.ok ? outcome.value : { kind: 'error' as const, message: outcome.message };
    if (found.kind === 'error') {
      this.#mxMessage = {
        tone: 'error',
        text: `Could not read the MX records of ${domain}: ${found.message}`,
      };
    } else if (found.kind === 'none' || found.hosts.length === 0) {
      this.#mxMessage = {
        tone: 'warn',
        text: `${domain} has no MX hosts, so it receives no mail and MTA-STS has nothing to protect.`,
      };
    } else {
      this.mxText = found.hosts.join('\n');
      const n = found.hosts.length;
      this.#mxMessage = { tone: 'ok', text: `Filled in the ${n} MX host${n === 1 ? '' : 's'} of ${domain}.` };
    }
  }

  get query(): Query {
    return {
      domain: this.domainText.trim(),
      mode: this.mode,
      mx: this.#mx.join(','),
      max_age: String(this.maxAge),
      id: this.id.trim(),
    };
  }

  loadQuery(query: Record<string, string>): void {
    this.domainText = query.domain ?? '';
    this.mode = query.mode === 'enforce' || query.mode === 'none' ? query.mode : 'testing';
    this.mxText = (query.mx ?? '').split(',').join('\n');
    this.maxAge = /^\d{1,10}$/.test(query.max_age ?? '') ? Number(query.max_age) : DEFAULT_MAX_AGE;
    this.id = query.id ?? freshStsId(this.services.now());
  }

  /** The id published today, once checked. */
  get liveId(): string | null {
    return this.analysis('live')?.parsed?.id ?? null;
  }

  /** RFC 8461 §3.1: senders refetch the policy only when the id changes; the same id as today's hides a change. */
  get idSameAsLive(): boolean {
    return this.liveId !== null && this.liveId === this.id.trim();
  }
}
