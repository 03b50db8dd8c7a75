// The overall grade: a letter from the area statuses, weighted by how much each area protects the domain. No letter
// is given without the facts it rests on: when SPF, DMARC or DKIM could not be checked, there is none.

import type { AreaId, AreaStatus, AreaSummary } from './types';

export type GradeLetter = 'A' | 'B' | 'C' | 'D' | 'F';

export interface Grade {
  /** Null when SPF, DMARC or DKIM could not be checked (or the domain does not exist): no grade without the facts. */
  letter: GradeLetter | null;
  /** Null exactly when `letter` is. */
  score: number | null;
  /** Some areas could not be checked, so the grade (if any) counts only what was checked. */
  incomplete: boolean;
  summary: string;
}

/** Points lost per area and status; SPF, DMARC and DKIM decide delivery, the rest harden it. */
const WEIGHTS: Record<AreaId, Partial<Record<AreaStatus, number>>> = {
  spf: { fail: 30, warn: 8 },
  dmarc: { fail: 35, warn: 12 },
  dkim: { fail: 25, warn: 8, info: 5 },
  mx: { fail: 15, warn: 4 },
  'mta-sts': { fail: 8, warn: 3 },
  'tls-rpt': { fail: 4, warn: 2 },
  bimi: { fail: 3, warn: 1 },
  dnssec: { warn: 2 },
};

/** The areas a grade cannot be given without: they decide whether mail is delivered and trusted. */
export const GRADE_REQUIRES: readonly AreaId[] = ['spf', 'dmarc', 'dkim'];

/** "A, B and C". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "SPF (timed out), DMARC (SERVFAIL)": each area that could not be checked, with its cause. */
function withCauses(areas: readonly AreaSummary[]): string {
  return listWords(areas.map((a) => `${a.title} (${a.cause ?? 'DNS lookup failed'})`));
}

const RETRY = 'the lookups failed (a DNS failure, not a missing record): check again later.';
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const LASTING =
  'checking again gives the same answer: the cause is in the domain’s own DNS records, and only its DNS operator can fix it.';

/**
 * What to do about the areas the grade is missing, from each cause's `lasting` flag: wait and check again for a
 * failure that may pass (a timeout, SERVFAIL), ask the domain's DNS operator for one that every check meets.
 */
function whatNext(missing: readonly AreaSummary[]): string {
  // A cause the person can act on (too many selectors named) is theirs, whatever else it is.
  const yours = missing.filter((a) => a.advice !== undefined);
  const lasting = missing.filter((a) => a.lasting && a.advice === undefined);
  const passing = missing.filter((a) => !a.lasting && a.advice === undefined);
  const names = (list: readonly AreaSummary[]) => listWords(list.map((a) => a.title));
  if (yours.length === 0) {
    if (lasting.length === 0) return 'These are DNS failures, not missing records: check again later.';
    if (passing.length === 0) return capitalize(LASTING);
    return `For ${names(lasting)}, ${LASTING} For ${names(passing)}, ${RETRY}`;
  }
  // One sentence per piece of advice: a DNS provider that did not answer for eight areas is said once.
  const byAdvice = new Map<string, AreaSummary[]>();
  for (const a of yours) byAdvice.set(a.advice!, [...(byAdvice.get(a.advice!) ?? []), a]);
  const parts: Array<readonly [string, string]> = [...byAdvice].map(([advice, list]) => [
    names(list),
    advice,
  ]);
  if (lasting.length > 0) parts.push([names(lasting), LASTING]);
  if (passing.length > 0) parts.push([names(passing), RETRY]);
  return parts.length === 1
    ? capitalize(parts[0]![1])
    : parts.map(([who, what]) => `For ${who}, ${what}`).join(' ');
}

export interface GradeOptions {
  /** The domain handles no mail (non-mail.ts): it signs nothing, so having no DKIM key costs nothing. */
  noMail?: boolean;
}

export function gradeAreas(areas: readonly AreaSummary[], options: GradeOptions = {}): Grade {
  const unknown = areas.filter((a) => a.status === 'unknown');
  const missingFacts = unknown.filter((a) => GRADE_REQUIRES.includes(a.id));
  const others = unknown.filter((a) => !GRADE_REQUIRES.includes(a.id));
  const couldNot = (list: readonly AreaSummary[]) => `${withCauses(list)} could not be checked`;
  if (missingFacts.length > 0) {
    const also = others.length > 0 ? ` ${couldNot(others)} either.` : '';
    return {
      letter: null,
      score: null,
      incomplete: true,
      summary: `No grade: ${couldNot(missingFacts)}, and the grade rests on SPF, DMARC and DKIM.${also} ${whatNext(missingFacts)}`,
    };
  }
  let score = 100;
  for (const area of areas) {
    if (options.noMail && area.id === 'dkim' && area.status === 'info') continue;
    score -= WEIGHTS[area.id][area.status] ?? 0;
  }
  score = Math.max(0, score);
  const letter = score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 65 ? 'C' : score >= 50 ? 'D' : 'F';
  const failing = areas.filter((a) => a.status === 'fail').map((a) => a.title);
  const verdict =
    failing.length > 0
      ? `Fix ${listWords(failing)} first.`
      : score >= 90
        ? 'Well configured.'
        : 'Works, with room to improve.';
  const summary =
    others.length > 0
      ? `${verdict} Provisional: ${couldNot(others)}, so the grade counts only what was checked.`
      : verdict;
  return { letter, score, incomplete: others.length > 0, summary };
}

/** The report of a domain that does not exist: no grade, one sentence. */
export function nonexistentGrade(display: string): Grade {
  return {
    letter: null,
    score: null,
    incomplete: false,
    summary: `${display} does not exist (the DNS answers NXDOMAIN): check the spelling.`,
  };
}
