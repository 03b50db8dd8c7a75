// RFC 6376 §3.5 DKIM-Signature fields of a header section, each linted and matched to the receiver's result by
// RFC 8601 §2.7.1 header.d and RFC 6008 header.b (a prefix of the signature). Linear in fields and signatures:
// field names are counted once, results are matched by one sorted sweep, never signatures × fields.

import type { AuthResResult } from '../authres';
import type { DkimSignature } from '../dkim/signature';
import { countHeaderNames, lintDkimSignature, parseDkimSignature } from '../dkim/signature';
import { dkimDomain } from './alignment';
import type { HeaderField } from './split';
import type { ReceiverResults, SignatureInfo } from './types';

const headerB = (r: AuthResResult) =>
  r.properties.find((p) => p.ptype === 'header' && p.property === 'b')?.value;

interface SweepItem {
  key: string;
  /** Index in the receiver's results (a header.b value), or -1 for a signature's b=. */
  result: number;
  /** Index in the signature list, for signatures. */
  signature: number;
}

/**
 * For each signature (domain, b=), the first receiver result with that domain whose header.b is absent or a
 * prefix of b=; -1 when none. In sorted order every prefix of a string comes before it, and the prefixes still on
 * the stack are exactly the earlier keys that prefix the current one, so one sweep finds them all.
 */
export function matchResults(
  results: readonly AuthResResult[],
  signatures: ReadonlyArray<{ domain: string | null; b: string }>,
): number[] {
  const groups = new Map<string | null, { withoutB: number; items: SweepItem[] }>();
  const group = (domain: string | null) => {
    let g = groups.get(domain);
    if (!g) groups.set(domain, (g = { withoutB: Infinity, items: [] }));
    return g;
  };
  results.forEach((r, i) => {
    const g = group(dkimDomain(r));
    const b = headerB(r);
    if (!b) g.withoutB = Math.min(g.withoutB, i);
    else g.items.push({ key: b, result: i, signature: -1 });
  });
  const best = signatures.map(() => Infinity);
  signatures.forEach((s, i) => {
    const g = groups.get(s.domain);
    if (!g) return;
    best[i] = g.withoutB;
    g.items.push({ key: s.b, result: -1, signature: i });
  });
  for (const { items } of groups.values()) {
    // Results before signatures on equal keys: a header.b equal to b= is a prefix of it.
    items.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : y.result - x.result));
    const stack: Array<{ key: string; first: number }> = [];
    for (const item of items) {
      while (stack.length > 0 && !item.key.startsWith(stack[stack.length - 1]!.key)) stack.pop();
      const first = stack[stack.length - 1]?.first ?? Infinity;
      if (item.result >= 0) stack.push({ key: item.key, first: Math.min(first, item.result) });
      else best[item.signature] = Math.min(best[item.signature]!, first);
    }
  }
  return best.map((i) => (i === Infinity ? -1 : i));
}

/** Every DKIM-Signature field, parsed and linted, with the receiver's result for it. */
export function signaturesOf(
  fields: readonly HeaderField[],
  receiver: ReceiverResults,
  now: Date,
): SignatureInfo[] {
  const counts = countHeaderNames(fields.map((f) => f.lname));
  // A mailing list adds List-Unsubscribe after the author signed: a signature that does not cover List-Id was made
  // before the list, and its author is not told to sign (or over-sign) fields it never saw.
  const beforeList = new Map([...counts].filter(([name]) => !name.startsWith('list-')));
  const signedBeforeList = (sig: DkimSignature) => counts.has('list-id') && !sig.headers.includes('list-id');
  const parsed = fields
    .filter((f) => f.lname === 'dkim-signature')
    .map((f) => ({ field: f, parse: parseDkimSignature(f.value) }));
  const valid = parsed.flatMap((p) => (p.parse.ok ? [p.parse.signature] : []));
  const matches = matchResults(
    receiver.dkim,
    valid.map((sig) => ({ domain: sig.domain, b: sig.signature ?? '' })),
  );
  let v = 0;
  return parsed.map(({ field, parse }) => {
    if (!parse.ok)
      return {
        line: field.line,
        signature: null,
        error: parse.error,
        result: null,
        findings: parse.findings,
      };
    const match = receiver.dkim[matches[v++]!];
    return {
      line: field.line,
      signature: parse.signature,
      error: null,
      result: match?.result ?? null,
      findings: lintDkimSignature(
        parse.signature,
        signedBeforeList(parse.signature) ? beforeList : counts,
        now,
      ),
    };
  });
}
