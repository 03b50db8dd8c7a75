// The overall grade: a letter from the area statuses, weighted by how much each area protects the domain.

import type { AreaId, AreaStatus, AreaSummary } from './types';

export interface Grade {
  letter: 'A' | 'B' | 'C' | 'D' | 'F';
  score: number;
  /** Some areas could not be checked, so the grade may be too kind or too harsh. */
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

export function gradeAreas(areas: readonly AreaSummary[]): Grade {
  let score = 100;
  for (const area of areas) score -= WEIGHTS[area.id][area.status] ?? 0;
  score = Math.max(0, score);
  const letter = score >= 90 ? 'A' : score >= 80 ? 'B' : score >= 65 ? 'C' : score >= 50 ? 'D' : 'F';
  const incomplete = areas.some((a) => a.status === 'unknown');
  const failing = areas.filter((a) => a.status === 'fail').map((a) => a.title);
  const summary = incomplete
    ? `Some checks could not run (DNS failures), so this grade is provisional.`
    : failing.length > 0
      ? `Fix ${failing.join(', ')} first.`
      : score >= 90
        ? 'Well configured.'
        : 'Works, with room to improve.';
  return { letter, score, incomplete, summary };
}
