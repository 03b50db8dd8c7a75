// State of the Settings page: the DNS form, and saving it as one step: store the settings, rebuild the DNS
// service on the new provider, and ask that provider one question to show it answers.

import {
  checkCustomUrl,
  describeProviderTest,
  lookup,
  providerTestQuestion,
  type ProviderChoice,
  type Resolver,
} from '../lib/dns';
import { dns, settings } from './app';
import type { Settings, ThemeChoice } from './settings.svelte';
import type { ProviderHealth } from '../lib/dns/doh-client';
import type { QueryLogEntry } from '../lib/dns/query-log';
import { Task } from './task.svelte';

/** RFC 8484 gives no bound; the setting's own range keeps a typo from meaning "wait forever" or "never wait". */
const MIN_TIMEOUT_SECONDS = 1;
const MAX_TIMEOUT_SECONDS = 30;

export interface DnsStack {
  readonly resolver: Resolver;
  readonly providers: string[];
  configure(settings: Settings['dns']): void;
  clearCache(): void;
  readonly health?: readonly ProviderHealth[];
  readonly entries?: readonly QueryLogEntry[];
}

export class SettingsForm {
  provider = $state<ProviderChoice>('cloudflare');
  customUrl = $state('');
  timeoutSeconds = $state(5);
  #saved = $state<string | null>(null);
  readonly #test = new Task();
  #testResult = $state<string | null>(null);
  #urlCheck = $derived(this.provider === 'custom' ? checkCustomUrl(this.customUrl) : null);
  readonly #settings: Settings;
  readonly #dns: DnsStack;
  readonly #now: () => number;

  constructor(
    store: Settings = settings,
    stack: DnsStack = dns,
    now: () => number = () => performance.now(),
  ) {
    this.#settings = store;
    this.#dns = stack;
    this.#now = now;
    this.provider = store.provider;
    this.customUrl = store.customUrl;
    this.timeoutSeconds = store.timeoutSeconds;
  }

  /** The DoH providers' state, for the notice when one is not answering. */
  get health(): readonly ProviderHealth[] {
    return this.#dns.health ?? [];
  }

  /** Every DNS question of this session, for the query log on the settings page. */
  get queryLog(): readonly QueryLogEntry[] {
    return this.#dns.entries ?? [];
  }

  /** Why the custom endpoint cannot be used, or null. */
  get urlError(): string | null {
    return this.#urlCheck && !this.#urlCheck.ok ? this.#urlCheck.error : null;
  }
  get canSave(): boolean {
    return this.#urlCheck === null || this.#urlCheck.ok;
  }
  /** "Saved. New checks use …", once saved. */
  get saved(): string | null {
    return this.#saved;
  }
  get testing(): boolean {
    return this.#test.running;
  }
  get testResult(): string | null {
    return this.#testResult;
  }

  /** Store the settings, rebuild the DNS service on them, then test the provider it now asks. */
  async save(): Promise<void> {
    if (!this.canSave) return;
    const s = this.#settings;
    s.provider = this.provider;
    s.customUrl = this.#urlCheck?.ok ? this.#urlCheck.url : this.customUrl.trim();
    s.timeoutSeconds = Math.min(
      MAX_TIMEOUT_SECONDS,
      Math.max(MIN_TIMEOUT_SECONDS, Math.round(this.timeoutSeconds) || MIN_TIMEOUT_SECONDS),
    );
    this.timeoutSeconds = s.timeoutSeconds;
    s.save();
    this.#dns.configure(s.dns);
    this.#saved = `Saved. New checks use ${this.#dns.providers.join(', then ')}.`;
    await this.test();
  }

  /** Ask the provider one question and say how it answered; a newer test replaces an older one. */
  async test(): Promise<void> {
    this.#testResult = null;
    const started = this.#now();
    // A name the provider can answer: example.com on the public providers, a fixture name on a loopback server.
    const question = providerTestQuestion(this.#settings.dns);
    await this.#test.run(async (signal) => {
      const result = await lookup(this.#dns.resolver, question.name, question.type, signal);
      if (!signal.aborted)
        this.#testResult = describeProviderTest(question, result, Math.round(this.#now() - started));
    });
  }

  clearCache(): void {
    this.#dns.clearCache();
  }

  setTheme(theme: ThemeChoice): void {
    this.#settings.theme = theme;
    this.#settings.applyTheme();
    this.#settings.save();
  }
}
