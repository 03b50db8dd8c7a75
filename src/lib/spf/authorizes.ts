// RFC 7208 §5: which term of an analysed SPF tree passes a given address, without a message (ip4, ip6, a, mx).

import { inNetwork, parseIp } from '../net/ip';
import type { SpfAnalysis, SpfNode } from './types';

/**
 * The first reachable "+" term (in the record or an include reached through "+" terms) whose resolved networks hold
 * `address`, as "<term> in <domain>"; null when none does. Terms whose target depends on the message (macros, ptr,
 * exists) cannot be judged here and never count.
 */
export function authorizingTerm(spf: SpfAnalysis, address: string): string | null {
  const ip = parseIp(address);
  if (!ip) return null;
  const visit = (node: SpfNode): string | null => {
    if (node.status !== 'ok' || node.earlierMatches === null) return null;
    for (const t of node.terms) {
      if (t.unreachable || t.kind !== 'mechanism' || t.qualifier !== '+') continue;
      const child = t.childIndex === null ? null : node.children[t.childIndex]!;
      if (child) {
        const found = visit(child);
        if (found) return found;
        continue;
      }
      for (const text of t.addresses) {
        const [net, prefix] = text.split('/');
        const network = parseIp(net ?? '');
        if (network && network.version === ip.version && inNetwork(ip, network, Number(prefix)))
          return `${t.text} in ${node.domain}`;
      }
    }
    return null;
  };
  return visit(spf.root);
}
