// Publishing a DKIM key (RFC 6376 §3.6.2.1): the selector it goes under, and whether DNS already holds it.

import { isValidSelector } from '../dkim/selectors';
import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { scanTags, stripFws } from '../syntax/tag-list';

/** A date-based selector (`s202607`) makes rotation easy: the next key goes under next month's name. */
export function defaultSelector(now: Date): string {
  return `s${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** RFC 6376 §3.1: the selector as it will be published (lower-cased), or why it cannot be one. */
export function readSelector(text: string): { ok: true; selector: string } | { ok: false; error: string } {
  const selector = text.trim().toLowerCase();
  if (selector === '') return { ok: false, error: 'Type a selector.' };
  if (!isValidSelector(selector))
    return {
      ok: false,
      error:
        'A selector is one or more DNS labels: letters, digits, hyphens and underscores, separated by dots.',
    };
  return { ok: true, selector };
}

/** What DNS holds at one name, or why it could not be read (a DNS failure is an `error`, never "none"): the
 * sentence, and the few words a summary shows ("SERVFAIL"). */
type AtName<State extends string> = { name: string } & (
  { state: State } | { state: 'error'; message: string; cause: string }
);

export type PublishedKey = AtName<'same' | 'different' | 'none'>;

/**
 * Does `<selector>._domainkey.<domain>` hold this public key? RFC 6376 §3.6.1: the key is the p= tag, whose value
 * may contain folding whitespace. A DNS failure is an error, never "not published".
 */
export async function checkPublishedKey(
  resolver: Resolver,
  domain: string,
  selector: string,
  publicKey: string,
  signal?: AbortSignal,
): Promise<PublishedKey> {
  const name = `${selector}._domainkey.${domain}`;
  const result = await lookup(resolver, name, 'TXT', signal);
  if (result.kind === 'error') return { state: 'error', name, message: result.message, cause: result.cause };
  const keys = txtRecords(result).map((t) => scanTags(t.text).map.get('p'));
  if (keys.length === 0) return { state: 'none', name };
  return keys.some((p) => p !== undefined && stripFws(p) === publicKey)
    ? { state: 'same', name }
    : { state: 'different', name };
}

/** Whether `<selector>._domainkey.<domain>` already answers: a new key there replaces the published one, and mail
 * signed with the old key stops verifying (RFC 6376 §3.6.2.1: one key record per selector). */
export type SelectorUse = AtName<'free' | 'in-use'>;

export async function selectorInUse(
  resolver: Resolver,
  domain: string,
  selector: string,
  signal?: AbortSignal,
): Promise<SelectorUse> {
  const found = await checkPublishedKey(resolver, domain, selector, '', signal);
  if (found.state === 'error') return found;
  return { state: found.state === 'none' ? 'free' : 'in-use', name: found.name };
}
