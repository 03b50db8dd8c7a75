// A header analysis as Markdown, for tickets and email ("Copy report").

import { sortFindings } from '../findings';
import { verdictHeadline } from './verdict-headline';
import type { HeaderAnalysis } from './types';
import { formatDuration } from './date';
import { visibleControls } from './text';

function md(text: string): string {
  return visibleControls(text)
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

export function headerReportMarkdown(a: HeaderAnalysis): string {
  const s = a.summary;
  const lines: string[] = ['# Message header analysis', ''];
  lines.push(`**Verdict: ${verdictHeadline(a.verdict.computed)}.** ${md(a.verdict.sentence)}`);
  if (a.verdict.detail) lines.push('', md(a.verdict.detail));
  if (a.verdict.fix) lines.push('', `Fix: ${md(a.verdict.fix)}`);
  const story = a.forwarding;
  if (story)
    lines.push(
      '',
      `**${story.kind === 'mailing-list' ? 'Sent through a mailing list' : 'Forwarded'}: ${md(story.via)}.** ${md(story.sentence)}`,
      ...(story.fixInVerdict ? [] : ['', `Who can fix it: ${md(story.fix)}`]),
    );
  lines.push('', '| Field | Value |', '| --- | --- |');
  const row = (k: string, v: string | null | undefined) => v && lines.push(`| ${k} | ${md(v)} |`);
  row('From', s.fromText?.text);
  row('To', s.to?.text);
  row('Subject', s.subject?.text);
  row('Date', s.date?.text);
  row('Message-ID', s.messageId);
  row('Return-Path', s.returnPath);
  if (s.deliveryMs !== null) row('Delivery time', formatDuration(s.deliveryMs));
  lines.push(
    '',
    '## Alignment',
    '',
    '| Identifier | Domain | Result | Aligned (relaxed / strict) |',
    '| --- | --- | --- | --- |',
  );
  for (const r of a.alignment) {
    const al = r.relaxed === null ? '—' : `${r.relaxed ? 'yes' : 'no'} / ${r.strict ? 'yes' : 'no'}`;
    lines.push(
      `| ${md(r.label)} | ${md(r.domain ?? '—')} | ${md(r.result ?? '—')} | ${r.kind === 'from' ? '—' : al} |`,
    );
  }
  lines.push('', '## Received hops (first to last)', '');
  for (const h of a.hops) {
    const r = h.received;
    const when = r.date ? new Date(r.date.epoch).toISOString() : 'no date';
    const delay = h.skew ? 'clock skew' : h.delayMs === null ? '' : `+${formatDuration(h.delayMs)}`;
    lines.push(
      `${h.number}. ${md(r.from ?? '?')} → ${md(r.by ?? '?')}${r.ip ? ` [${r.ip}]` : ''}${r.tls ? ` (${md(r.tls)})` : ''} — ${when} ${delay}`,
    );
  }
  const findings = sortFindings(a.findings).filter((f) => f.severity !== 'ok');
  if (findings.length > 0) {
    lines.push('', '## Findings', '');
    for (const f of findings)
      lines.push(`- **${f.severity}: ${md(f.title)}** — ${md(f.detail)}${f.fix ? ` Fix: ${md(f.fix)}` : ''}`);
  }
  lines.push('', '_Analysed locally with AuthLens; the headers were not uploaded._', '');
  return lines.join('\n');
}
