// What went wrong with the DNS questions of one run, in words for a banner: nobody answered, one provider failed
// over to another, or some questions failed while most were answered. Read from the query log, question by
// question (a retry or a failover is one question), so 3 failures among 49 questions never read as "nobody".

import type { QueryLogEntry } from './query-log';

/** RCODEs that are an answer about the name (NOERROR, NXDOMAIN); the others say the server could not answer. */
const ANSWERED = new Set(['NOERROR', 'NXDOMAIN']);

export interface DnsTroubleCounts {
  /** Distinct questions (name and type) sent in the run. */
  questions: number;
  answered: number;
  /** Questions whose last answer was SERVFAIL, REFUSED or another error RCODE. */
  serverFailures: number;
  /** Questions that got no answer at all (time limit, connection, HTTP error). */
  noAnswer: number;
  timedOut: number;
}

export interface DnsNotice {
  kind: 'none-answering' | 'some-failed' | 'failover';
  /** Ends in its own punctuation: a banner shows the headline, a space, then the detail. */
  headline: string;
  detail: string;
}

export function countTrouble(entries: readonly QueryLogEntry[]): DnsTroubleCounts {
  const last = new Map<string, QueryLogEntry>();
  const answered = new Set<string>();
  for (const e of entries) {
    const key = `${e.name}|${e.type}`;
    last.set(key, e);
    if (e.ok && ANSWERED.has(e.status)) answered.add(key);
  }
  const counts: DnsTroubleCounts = {
    questions: last.size,
    answered: answered.size,
    serverFailures: 0,
    noAnswer: 0,
    timedOut: 0,
  };
  for (const [key, e] of last) {
    if (answered.has(key)) continue;
    if (e.ok) counts.serverFailures++;
    else {
      counts.noAnswer++;
      if (e.status === 'timeout') counts.timedOut++;
    }
  }
  return counts;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The banners a run deserves, most serious first (none when every question was answered by the first provider). */
export function dnsNotices(entries: readonly QueryLogEntry[]): DnsNotice[] {
  const c = countTrouble(entries);
  const failed = c.serverFailures + c.noAnswer;
  const notices: DnsNotice[] = [];
  const failedProviders = [...new Set(entries.filter((e) => !e.ok).map((e) => e.provider))];
  if (c.questions > 0 && c.answered === 0 && c.serverFailures === 0) {
    const reasons = failedProviders.map((p) => {
      const e = [...entries].reverse().find((x) => x.provider === p && !x.ok)!;
      return `${p}: ${e.status === 'timeout' ? 'no answer in time' : e.status}`;
    });
    notices.push({
      kind: 'none-answering',
      headline: 'No DNS provider is answering.',
      detail: `${reasons.join('; ')}. Results marked “could not check” are DNS failures, not missing records.`,
    });
    return notices;
  }
  if (failed > 0) {
    const parts = [
      c.timedOut > 0 ? `${c.timedOut} timed out` : '',
      c.noAnswer - c.timedOut > 0 ? `${c.noAnswer - c.timedOut} got no answer` : '',
      c.serverFailures > 0 ? `${c.serverFailures} got SERVFAIL or another error` : '',
    ].filter(Boolean);
    notices.push({
      kind: 'some-failed',
      headline: 'Some queries timed out or got SERVFAIL:',
      // Only failures that may pass reach the log (timeouts, SERVFAIL, no answer); a lasting cause (an answer over
      // the cap, the query limit) is not a failed question, and its area's own line says who can fix it.
      detail: `${failed} of ${plural(c.questions, 'question')} (${parts.join(', ')}); ${c.answered} were answered. Areas that could not be checked because of them are DNS failures, not missing records: check again later.`,
    });
  }
  // A failover: a provider failed a question that another then answered.
  const byQuestion = new Map<string, QueryLogEntry[]>();
  for (const e of entries)
    byQuestion.set(`${e.name}|${e.type}`, [...(byQuestion.get(`${e.name}|${e.type}`) ?? []), e]);
  const down = new Set<string>();
  const instead = new Set<string>();
  for (const tries of byQuestion.values()) {
    const answer = tries.find((e) => e.ok);
    if (!answer) continue;
    for (const e of tries) if (!e.ok && e.provider !== answer.provider) down.add(e.provider);
    if (tries.some((e) => !e.ok && e.provider !== answer.provider)) instead.add(answer.provider);
  }
  if (down.size > 0)
    notices.push({
      kind: 'failover',
      headline: `${[...down].join(', ')} did not answer;`,
      detail: `answers came from ${[...instead].join(', ')} instead.`,
    });
  return notices;
}
