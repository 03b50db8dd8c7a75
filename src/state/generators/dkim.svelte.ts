// State of the DKIM key generator (RFC 6376, RFC 8301 key sizes, RFC 8463 Ed25519): the key pair made in the
// browser, its self-test, and whether DNS already holds the public key.

import {
  generateDkimKey,
  selfTestDkimKey,
  type DkimKeyAlgorithm,
  type GeneratedDkimKey,
} from '../../lib/generate/dkim-keys';
import { untrack } from 'svelte';
import { makeIssue, type Issue } from '../../lib/findings/issue';
import {
  checkPublishedKey,
  defaultSelector,
  readSelector,
  selectorInUse,
  type PublishedKey,
  type SelectorUse,
} from '../../lib/generate/dkim-publish';
import type { UnreadRecord } from '../../lib/generate/draft-lookups';
import type { Route } from '../routes';
import { Task } from '../task.svelte';
import type { ImportMessage } from './record-import.svelte';
import { appServices, GeneratorState, type GeneratorServices, type Query } from './generator.svelte';

/** The short cause (as lookups give it) when a lookup threw instead of answering; the message keeps the details. */
const THROWN_CAUSE = 'the DNS lookup failed';

export const DKIM_ALGORITHMS: ReadonlyArray<{ value: DkimKeyAlgorithm; label: string }> = [
  { value: 'rsa-2048', label: 'RSA 2048 bits' },
  { value: 'ed25519', label: 'Ed25519' },
  { value: 'rsa-1024', label: 'RSA 1024 bits' },
  { value: 'rsa-4096', label: 'RSA 4096 bits' },
];

export interface SelfTest {
  result: string;
  reason?: string;
}

export class DkimGeneratorState extends GeneratorState {
  selector = $state('');
  algorithm = $state<DkimKeyAlgorithm>('rsa-2048');
  #key = $state.raw<GeneratedDkimKey | null>(null);
  #keyFor = $state.raw<{ domain: string; selector: string } | null>(null);
  #selfTest = $state.raw<SelfTest | null>(null);
  #published = $state.raw<ImportMessage | null>(null);
  #selectorField = $derived(readSelector(this.selector));
  /** Whether the typed selector already has a key in DNS, and for which name. */
  #selectorUse = $state.raw<SelectorUse | null>(null);
  readonly #useRun = new Task();
  #useTimer: ReturnType<typeof setTimeout> | undefined;
  /** Where the typed domain and selector would publish the key, or null while either is invalid. */
  #keyName = $derived.by(() => {
    const selector = this.#selectorField;
    return this.domain && selector.ok ? `${selector.selector}._domainkey.${this.domain}` : null;
  });
  readonly issues: readonly Issue[] = $derived.by(() => {
    const use = this.#selectorUse;
    if (!use || use.name !== this.#keyName) return [];
    if (use.state === 'in-use')
      return [
        makeIssue(
          'warning',
          'dkim-selector-in-use',
          `${use.name} already holds a key: a new key under this selector replaces it, and mail signed with the old key fails DKIM until every signer switches.`,
          { tag: 'selector', fix: 'For a rotation, pick a new selector (the date-based default does this).' },
        ),
      ];
    return [];
  });
  /** The current key generation and published-key check; a new one aborts the old one of its kind. */
  readonly #generation = new Task();
  readonly #publishRun = new Task();

  constructor(services: GeneratorServices = appServices()) {
    super('dkim', services);
  }

  /** Whether the typed selector is in use could not be read: the key is valid, but not checked against DNS. */
  protected override liveCheck(): { check: null; unread: UnreadRecord | null } {
    const use = this.#selectorUse;
    const unread =
      use?.state === 'error' && use.name === this.#keyName
        ? { kind: 'dkim' as const, name: use.name, cause: use.cause }
        : null;
    return { check: null, unread };
  }

  get selectorError(): string | null {
    return this.#selectorField.ok ? null : this.#selectorField.error;
  }
  get key(): GeneratedDkimKey | null {
    return this.#key;
  }
  /** The domain and selector the shown key was made for (the form may have changed since). */
  get keyFor(): { domain: string; selector: string } | null {
    return this.#keyFor;
  }
  get busy(): boolean {
    return this.#generation.running;
  }
  get error(): string | null {
    return this.#generation.error;
  }
  get selfTest(): SelfTest | null {
    return this.#selfTest;
  }
  get published(): ImportMessage | null {
    return this.#published;
  }
  get pemName(): string {
    const k = this.#keyFor;
    return k ? `${k.selector}._domainkey.${k.domain}.private.pem` : 'dkim.private.pem';
  }

  /** Look up the typed selector: a key already published there is warned about before a new one is made. */
  async checkSelector(): Promise<void> {
    const name = this.#keyName;
    const selector = this.#selectorField;
    const domain = this.domain;
    if (!name || !domain || !selector.ok) return this.#useRun.cancel();
    const outcome = await this.#useRun.run((signal) =>
      selectorInUse(this.services.dns.resolver, domain, selector.selector, signal),
    );
    if (outcome)
      this.#selectorUse = outcome.ok
        ? outcome.value
        : { state: 'error', name, message: outcome.message, cause: THROWN_CAUSE };
  }

  override connect(route: () => Route): void {
    super.connect(route);
    $effect(() => {
      const name = this.#keyName;
      untrack(() => {
        clearTimeout(this.#useTimer);
        if (name) this.#useTimer = setTimeout(() => void this.checkSelector(), this.services.debounceMs);
      });
    });
    $effect(() => () => {
      clearTimeout(this.#useTimer);
      this.#useRun.cancel();
    });
  }

  /** Make a key pair for the typed domain and selector, then sign and verify a test message with it. */
  async generate(): Promise<void> {
    const domain = this.domain;
    const selector = this.#selectorField;
    if (!domain) return this.#generation.fail('Type your domain first.');
    if (!selector.ok) return this.#generation.fail(selector.error);
    this.#publishRun.cancel();
    const algorithm = this.algorithm;
    this.#selfTest = null;
    this.#published = null;
    this.#key = null;
    await this.#generation.run(
      async (signal) => {
        const made = await generateDkimKey(algorithm);
        if (signal.aborted) return;
        this.#key = made;
        this.#keyFor = { domain, selector: selector.selector };
        const test = await selfTestDkimKey(made, domain, selector.selector, this.services.now);
        if (signal.aborted) return;
        this.#selfTest = test.result.reason
          ? { result: test.result.result, reason: test.result.reason }
          : { result: test.result.result };
      },
      (why) =>
        algorithm === 'ed25519'
          ? `This browser cannot make Ed25519 keys (${why}). Use RSA 2048.`
          : `The key could not be made: ${why}`,
    );
  }

  /** Is the generated key published at <selector>._domainkey.<domain> yet? */
  async checkPublished(): Promise<void> {
    const key = this.#key;
    const keyFor = this.#keyFor;
    if (!key || !keyFor) return;
    this.#published = null;
    const outcome = await this.#publishRun.run((signal) =>
      checkPublishedKey(this.services.dns.resolver, keyFor.domain, keyFor.selector, key.publicKey, signal),
    );
    if (!outcome) return;
    const name = `${keyFor.selector}._domainkey.${keyFor.domain}`;
    const found: PublishedKey = outcome.ok
      ? outcome.value
      : { state: 'error', name, message: outcome.message, cause: THROWN_CAUSE };
    this.#published =
      found.state === 'error'
        ? { tone: 'error', text: `Could not check ${found.name}: ${found.message}` }
        : found.state === 'none'
          ? {
              tone: 'warn',
              text: `Nothing is published at ${found.name} yet (DNS changes can take a while).`,
            }
          : found.state === 'same'
            ? {
                tone: 'ok',
                text: `${found.name} holds this key: mail signed with the private key will verify.`,
              }
            : { tone: 'warn', text: `${found.name} holds a different key than the one generated here.` };
  }

  get query(): Query {
    const selector = this.#selectorField;
    return {
      domain: this.domainText.trim(),
      selector: selector.ok ? selector.selector : this.selector.trim().toLowerCase(),
      alg: this.algorithm,
    };
  }

  loadQuery(query: Record<string, string>): void {
    this.domainText = query.domain ?? '';
    this.selector = query.selector ?? defaultSelector(this.services.now());
    this.algorithm = DKIM_ALGORITHMS.some((a) => a.value === query.alg)
      ? (query.alg as DkimKeyAlgorithm)
      : 'rsa-2048';
  }
}
