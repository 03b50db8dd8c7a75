// RFC 8617 §5.2 ARC chain validation, steps that need no cryptography: sets by instance, one of each field per
// instance, contiguous i=1..N (N ≤ 50), the cv= rules, and the fields' own syntax.

import { parseTagList } from '../syntax/tag-list';
import type { Finding } from '../findings';
import { parseAuthenticationResults, type AuthResParse } from '../authres';

/** RFC 8617 §4.2.1: at most 50 ARC sets. */
export const MAX_ARC_SETS = 50;

export interface ArcSet {
  instance: number;
  seal: Record<string, string> | null;
  messageSignature: Record<string, string> | null;
  results: { authservId: string | null; parse: AuthResParse; raw: string } | null;
  cv: string | null;
}

export interface ArcStructure {
  sets: ArcSet[];
  /** RFC 8617 §5.2: none (no sets), fail (structure broken or the newest seal says cv=fail), or pass (structure valid). */
  result: 'none' | 'pass' | 'fail';
  reason: string | null;
  findings: Finding[];
}

interface ArcField {
  lname: string;
  value: string;
}

function instanceOf(value: string): number | null {
  const m = /(?:^|;)\s*i\s*=\s*(\d{1,3})\s*(?:;|$)/.exec(value);
  return m ? Number(m[1]) : null;
}

export function analyzeArcStructure(fields: readonly ArcField[]): ArcStructure {
  const findings: Finding[] = [];
  const arc = fields.filter(
    (f) =>
      f.lname === 'arc-seal' ||
      f.lname === 'arc-message-signature' ||
      f.lname === 'arc-authentication-results',
  );
  if (arc.length === 0) return { sets: [], result: 'none', reason: null, findings };
  const fail = (reason: string): ArcStructure => {
    findings.push({
      severity: 'error',
      code: 'arc-structure',
      title: 'The ARC chain is broken',
      detail: reason,
      spec: 'RFC 8617 §5.2',
    });
    return {
      sets: [...byInstance.values()].sort((a, b) => a.instance - b.instance),
      result: 'fail',
      reason,
      findings,
    };
  };
  const byInstance = new Map<number, ArcSet>();
  for (const field of arc) {
    const instance = instanceOf(field.value);
    if (instance === null) return fail(`An ${field.lname} field has no valid i= tag.`);
    if (instance < 1 || instance > MAX_ARC_SETS) return fail(`i=${instance} is outside 1–${MAX_ARC_SETS}.`);
    const set = byInstance.get(instance) ?? {
      instance,
      seal: null,
      messageSignature: null,
      results: null,
      cv: null,
    };
    byInstance.set(instance, set);
    if (field.lname === 'arc-authentication-results') {
      if (set.results) return fail(`Instance ${instance} has two ARC-Authentication-Results fields.`);
      // RFC 8617 §4.1.1: AAR = "i=" instance ";" authres-payload
      const payload = field.value.replace(/^\s*i\s*=\s*\d+\s*;/, '');
      const parse = parseAuthenticationResults(payload);
      set.results = { authservId: parse.ok ? parse.authservId : null, parse, raw: field.value };
    } else {
      const tags = parseTagList(field.value);
      if (!tags.ok) return fail(`The ${field.lname} of instance ${instance} does not parse: ${tags.error}`);
      const map = Object.fromEntries(tags.map);
      if (field.lname === 'arc-seal') {
        if (set.seal) return fail(`Instance ${instance} has two ARC-Seal fields.`);
        set.seal = map;
        set.cv = map.cv?.toLowerCase() ?? null;
        if (map.h !== undefined)
          return fail(
            `The ARC-Seal of instance ${instance} has an h= tag, which seals may not have (RFC 8617 §4.1.3).`,
          );
      } else {
        if (set.messageSignature) return fail(`Instance ${instance} has two ARC-Message-Signature fields.`);
        set.messageSignature = map;
        if (
          (map.h ?? '')
            .toLowerCase()
            .split(':')
            .map((h) => h.trim())
            .includes('arc-seal')
        ) {
          return fail(
            `The ARC-Message-Signature of instance ${instance} signs ARC-Seal, which RFC 8617 §4.1.2 forbids.`,
          );
        }
      }
    }
  }
  const sets = [...byInstance.values()].sort((a, b) => a.instance - b.instance);
  const n = sets.length;
  if (n > MAX_ARC_SETS) return fail(`There are ${n} ARC sets; at most ${MAX_ARC_SETS} are allowed.`);
  // RFC 8617 §5.2 step 2: the newest seal saying cv=fail ends validation.
  const newest = sets[n - 1]!;
  if (newest.cv === 'fail') {
    findings.push({
      severity: 'error',
      code: 'arc-cv-fail',
      title: `The newest ARC seal (i=${newest.instance}) says cv=fail`,
      detail: 'An intermediary already found the chain broken.',
      spec: 'RFC 8617 §5.2',
    });
    return { sets, result: 'fail', reason: 'The newest seal has cv=fail.', findings };
  }
  for (let i = 0; i < n; i++) {
    const set = sets[i]!;
    if (set.instance !== i + 1)
      return fail(`Instances must run 1..${n} without gaps; i=${i + 1} is missing.`);
    if (!set.seal || !set.messageSignature || !set.results) {
      const missing = [
        !set.seal && 'ARC-Seal',
        !set.messageSignature && 'ARC-Message-Signature',
        !set.results && 'ARC-Authentication-Results',
      ].filter(Boolean);
      return fail(`Instance ${set.instance} lacks ${missing.join(' and ')}.`);
    }
    // RFC 8617 §5.1.1: i=1 carries cv=none, every later instance cv=pass.
    const expected = set.instance === 1 ? 'none' : 'pass';
    if (set.cv !== expected)
      return fail(`Instance ${set.instance} has cv=${set.cv ?? '(missing)'}; it must be cv=${expected}.`);
  }
  findings.push({
    severity: 'info',
    code: 'arc-structure-ok',
    title: `ARC chain of ${n} set${n === 1 ? '' : 's'} is well formed`,
    detail:
      'Every instance has its three fields and the cv= values are consistent. The signatures themselves are not verified here.',
    spec: 'RFC 8617 §5.2',
  });
  return { sets, result: 'pass', reason: null, findings };
}
