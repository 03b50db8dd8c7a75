// Exports of a domain report: JSON (everything) and Markdown (for tickets and email).

import { AREA_STATUS_LOOK, SEVERITY_WORDS, sortFindings, type Finding } from '../findings';
import type { DomainReport } from './index';
import type { ReadinessState } from './readiness';
import type { AreaId } from './types';

/**
 * Version 4: dkim.domainkeyNode is nxdomain | names-below | own-records | wildcard | error (version 3's `exists`
 * split by what it proves), and an area summary or readiness row may carry `label`, its badge's words. Version 3:
 * grade.letter and grade.score are null when SPF, DMARC or DKIM could not be checked, `exists` is false for a domain
 * that does not exist, and each area summary carries `cause` (version 2: every area has `status` in one vocabulary,
 * found | none | multiple | invalid | error).
 */
export const REPORT_SCHEMA = 'authlens-domain-report/4';

export function reportToJson(report: DomainReport): string {
  return JSON.stringify({ schema: REPORT_SCHEMA, ...report }, null, 2);
}

/** The mark before a severity's words (the words are the page's, from findings/severity.ts). */
const SEVERITY_MARK: Record<Finding['severity'], string> = {
  error: '❌',
  unknown: '❔',
  warning: '⚠️',
  info: 'ℹ️',
  ok: '✅',
};
const severityLabel = (s: Finding['severity']) => `${SEVERITY_MARK[s]} ${SEVERITY_WORDS[s]}`;

const isSpace = (c: string | undefined) => c === undefined || /\s/u.test(c);
const isPunct = (c: string | undefined) => c !== undefined && /[\p{P}\p{S}]/u.test(c);

/**
 * CommonMark §6.2: a run of `*`, `_` or `~` can close emphasis (or GFM strikethrough) when it is right-flanking, and
 * for `_` not also an opener inside a word. Emphasis needs a closer, so escaping only the runs that could close keeps
 * text inert while "_dmarc.example" and "snake_case" stay as they are.
 */
function canClose(run: string, prev: string | undefined, next: string | undefined): boolean {
  const left = !isSpace(next) && (!isPunct(next) || isSpace(prev) || isPunct(prev));
  const right = !isSpace(prev) && (!isPunct(prev) || isSpace(next) || isPunct(next));
  return run[0] === '_' ? right && (!left || isPunct(next)) : right;
}

/**
 * Text from DNS or findings, for a Markdown line: it reads as plain text (no "\(" or "\+"), yet no markup in it
 * works — emphasis closers, code spans, links, HTML and entities are escaped, and a leading block marker too.
 */
export function markdownText(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  let out = '';
  for (let i = 0; i < flat.length;) {
    const c = flat[i]!;
    if (c === '*' || c === '_' || c === '~') {
      let j = i;
      while (flat[j] === c) j++;
      const run = flat.slice(i, j);
      out += canClose(run, flat[i - 1], flat[j]) ? run.replace(/./g, '\\$&') : run;
      i = j;
      continue;
    }
    if (c === '`' || c === '[' || c === '<' || (c === '\\' && isPunct(flat[i + 1]))) out += `\\${c}`;
    else if (c === '&' && /^&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(flat.slice(i, i + 34))) out += '\\&';
    else out += c;
    i++;
  }
  // A line that starts with #, >, +, -, = or "1." would become a heading, quote or list.
  return out.replace(/^(#|>|\+|-|=|\d{1,9}(?=[.)]))/, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/** CommonMark §4.5: a fence longer than any run of backticks in the text, so a record cannot close it. */
function codeBlock(text: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, text.replace(/\r?\n/g, ' '), fence];
}

const READINESS_MARK: Record<ReadinessState, string> = {
  met: '✅',
  'not-met': '❌',
  unknown: '❔',
  'needs-message': '➖',
  'provider-tools': '➖',
};

/** A table cell: the same, and a pipe would end the cell. */
function tableCell(text: string): string {
  return markdownText(text).replace(/\|/g, '\\|');
}

/** Where each area's findings sit in the report. */
const AREA_KEY = {
  spf: 'spf',
  dmarc: 'dmarc',
  dkim: 'dkim',
  mx: 'mx',
  'mta-sts': 'mtaSts',
  'tls-rpt': 'tlsRpt',
  bimi: 'bimi',
  dnssec: 'dnssec',
} as const satisfies Record<AreaId, keyof DomainReport>;

export function findingsOf(report: DomainReport, area: AreaId): Finding[] {
  return report[AREA_KEY[area]].findings;
}

export function reportToMarkdown(report: DomainReport): string {
  const lines: string[] = [];
  lines.push(`# Email authentication report: ${markdownText(report.display)}`, '');
  if (!report.exists) {
    lines.push(`Checked ${report.checkedAt} with AuthLens. ${markdownText(report.grade.summary)}`, '');
    return lines.join('\n');
  }
  lines.push(
    `Checked ${report.checkedAt} with AuthLens. ${
      report.grade.letter === null
        ? markdownText(report.grade.summary)
        : `Grade **${report.grade.letter}** (${report.grade.score}/100): ${markdownText(report.grade.summary)}`
    }`,
    '',
  );
  lines.push('| Area | Status | Summary |', '| --- | --- | --- |');
  // The words the page's badges show ("Could not check", "Needs attention"), not the internal status codes.
  for (const a of report.areas)
    lines.push(`| ${a.title} | ${a.label ?? AREA_STATUS_LOOK[a.status].words} | ${tableCell(a.headline)} |`);
  lines.push('');
  if (report.spf.root.record) lines.push('SPF record:', '', ...codeBlock(report.spf.root.record), '');
  if (report.dmarc.discovery.rfc9989.record)
    lines.push(
      `DMARC record (${markdownText(report.dmarc.discovery.rfc9989.domain ?? '')}):`,
      '',
      ...codeBlock(report.dmarc.discovery.rfc9989.record),
      '',
    );
  for (const a of report.areas) {
    const findings = sortFindings(findingsOf(report, a.id)).filter((f) => f.severity !== 'ok');
    if (findings.length === 0) continue;
    lines.push(`## ${a.title}`, '');
    for (const f of findings) {
      lines.push(
        `- **${severityLabel(f.severity)}: ${markdownText(f.title)}**${f.detail && f.detail !== f.title ? ` — ${markdownText(f.detail)}` : ''}`,
      );
      for (const item of f.items ?? []) lines.push(`  - ${markdownText(item)}`);
      if (f.fix) lines.push(`  - Fix: ${markdownText(f.fix)}`);
    }
    lines.push('');
  }
  lines.push('## Bulk-sender readiness (Gmail, Yahoo, Outlook.com)', '');
  for (const r of report.readiness)
    lines.push(`- ${READINESS_MARK[r.state]} ${markdownText(r.requirement)} — ${markdownText(r.detail)}`);
  lines.push('');
  return lines.join('\n');
}
