// IP-to-ASN over DNS: Team Cymru's service (TXT at <reversed address>.origin.asn.cymru.com, origin6 for IPv6, and
// AS<n>.asn.cymru.com for the name). Its operator asks to be told before heavy automated use, so this is opt-in,
// cached, one question per prefix, and paced.

import { lookup, txtRecords } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import { dottedNibbles, inNetwork, parseIp, unmapIpv4, type IpAddress } from '../net/ip';
import { runBatched, type BatchOptions } from './resolve';
import type { AsnInfo } from './sources';

/** Pause between questions to the service (ten a second at most). */
export const ASN_MIN_INTERVAL_MS = 100;

export interface AsnOptions extends BatchOptions {
  cache?: Map<string, AsnInfo>;
  /** Injected pause (tests pass one that does not wait). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    signal?.addEventListener('abort', stop, { once: true });
  });

/** The query name of an address (IPv4 octets or IPv6 nibbles reversed). */
export function cymruOriginName(address: IpAddress): string {
  if (address.version === 4) return `${[...address.bytes].reverse().join('.')}.origin.asn.cymru.com`;
  return `${dottedNibbles(address).split('.').reverse().join('.')}.origin6.asn.cymru.com`;
}

/** "15169 | 8.8.8.0/24 | US | arin | 2023-12-28" (several ASNs may lead: the first is taken). */
export function parseCymruOrigin(text: string): Omit<AsnInfo, 'name'> | null {
  const fields = text.split('|').map((f) => f.trim());
  const asn = Number(fields[0]?.split(/\s+/)[0]);
  if (!Number.isSafeInteger(asn) || asn <= 0) return null;
  return { asn, prefix: fields[1] || null, country: fields[2] || null, registry: fields[3] || null };
}

/** "15169 | US | arin | 2000-03-30 | GOOGLE, US": the name is the last field. */
export function parseCymruName(text: string): string | null {
  const fields = text.split('|').map((f) => f.trim());
  return fields.length >= 5 ? fields[4] || null : null;
}

function inPrefix(address: IpAddress, prefix: string | null): boolean {
  const m = prefix === null ? null : /^(.+)\/(\d{1,3})$/.exec(prefix);
  const network = m ? parseIp(m[1]!) : null;
  return (
    network !== null && network.version === address.version && inNetwork(address, network, Number(m![2]))
  );
}

/** The AS of each address, looked up only when the user opted in. Failed lookups are left out of the result. */
export async function lookupAsn(
  ips: readonly string[],
  resolver: Resolver,
  options: AsnOptions = {},
): Promise<Map<string, AsnInfo>> {
  const cache = options.cache ?? new Map<string, AsnInfo>();
  const sleep = options.sleep ?? defaultSleep;
  const out = new Map<string, AsnInfo>();
  const names = new Map<number, Promise<string | null>>();
  const known = [...cache.values()];
  const ask = async (name: string) => {
    await sleep(ASN_MIN_INTERVAL_MS, options.signal);
    return txtRecords(await lookup(resolver, name, 'TXT', options.signal))[0]?.text ?? null;
  };
  await runBatched(
    [...new Set(ips)],
    async (ip) => {
      const parsed = parseIp(ip);
      if (parsed === null) return;
      const address = unmapIpv4(parsed);
      const cached = cache.get(ip) ?? known.find((k) => inPrefix(address, k.prefix));
      if (cached) {
        out.set(ip, cached);
        return;
      }
      const text = await ask(cymruOriginName(address));
      const origin = text === null ? null : parseCymruOrigin(text);
      if (origin === null || options.signal?.aborted) return;
      if (!names.has(origin.asn))
        names.set(
          origin.asn,
          ask(`AS${origin.asn}.asn.cymru.com`).then((t) => (t === null ? null : parseCymruName(t))),
        );
      const info: AsnInfo = { ...origin, name: await names.get(origin.asn)! };
      out.set(ip, info);
      cache.set(ip, info);
      known.push(info);
    },
    options,
    // One question at a time: the pause above then paces the whole run.
    1,
  );
  return out;
}
