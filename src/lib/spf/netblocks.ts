// Netblocks an SPF tree authorizes: totals, duplicates and overlaps (as dmarcian's SPF Surveyor shows them).

import { formatIp, inNetwork, networkAddress, type IpAddress } from '../net/ip';

export interface Netblock {
  network: IpAddress;
  prefix: number;
  /** Where it came from: "_spf.example.com ip4:192.0.2.0/24" or "a:mail.example.com". */
  source: string;
}

export interface NetblockSummary {
  ipv4Networks: number;
  ipv6Networks: number;
  /** Distinct IPv4 addresses authorized (overlaps counted once). */
  ipv4Addresses: number;
  duplicates: Array<{ block: string; sources: string[] }>;
  /** Pairs where the first block contains the second. */
  overlaps: Array<{ outer: string; inner: string; outerSource: string; innerSource: string }>;
}

function label(b: Netblock): string {
  return `${formatIp(networkAddress(b.network, b.prefix))}/${b.prefix}`;
}

function ipv4Range(b: Netblock): [number, number] {
  const n = networkAddress(b.network, b.prefix).bytes;
  const start = ((n[0]! << 24) >>> 0) + (n[1]! << 16) + (n[2]! << 8) + n[3]!;
  return [start, start + 2 ** (32 - b.prefix) - 1];
}

/** Cap on pairwise overlap checks so a huge tree cannot freeze the page. */
const MAX_BLOCKS_COMPARED = 2000;

export function summarizeNetblocks(blocks: readonly Netblock[]): NetblockSummary {
  const v4 = blocks.filter((b) => b.network.version === 4);
  const v6 = blocks.filter((b) => b.network.version === 6);
  // Union of IPv4 ranges, merged after sorting.
  const ranges = v4.map(ipv4Range).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let current: [number, number] | null = null;
  for (const r of ranges) {
    if (current && r[0] <= current[1] + 1) current[1] = Math.max(current[1], r[1]);
    else {
      if (current) total += current[1] - current[0] + 1;
      current = [r[0], r[1]];
    }
  }
  if (current) total += current[1] - current[0] + 1;

  const byLabel = new Map<string, string[]>();
  for (const b of blocks) byLabel.set(label(b), [...(byLabel.get(label(b)) ?? []), b.source]);
  const duplicates = [...byLabel.entries()]
    .filter(([, sources]) => sources.length > 1)
    .map(([block, sources]) => ({ block, sources }));

  const overlaps: NetblockSummary['overlaps'] = [];
  const unique = [...new Map(blocks.map((b) => [label(b), b])).values()].slice(0, MAX_BLOCKS_COMPARED);
  for (const outer of unique) {
    for (const inner of unique) {
      if (outer === inner || outer.network.version !== inner.network.version || outer.prefix >= inner.prefix)
        continue;
      if (inNetwork(inner.network, outer.network, outer.prefix)) {
        overlaps.push({
          outer: label(outer),
          inner: label(inner),
          outerSource: outer.source,
          innerSource: inner.source,
        });
      }
    }
  }
  return { ipv4Networks: v4.length, ipv6Networks: v6.length, ipv4Addresses: total, duplicates, overlaps };
}
