// Exports of a domain report: JSON (everything) and Markdown (for tickets and email).

import { sortFindings, type Finding } from '../findings';
import type { DomainReport } from './index';
import type { AreaId } from './types';

/** Version 2: every area has `status` in one vocabulary (found | none | multiple | invalid | error). */
export const REPORT_SCHEMA = 'authlens-domain-report/2';

export function reportToJson(report: DomainReport): string {
  return JSON.stringify({ schema: REPORT_SCHEMA, ...report }, null, 2);
}

const SEVERITY_LABEL: Record<Finding['severity'], string> = {
  error: '❌ Error',
  unknown: '❔ Could not check',
  warning: '⚠️ Warning',
  info: 'ℹ️ Info',
  ok: '✅ OK',
};

/** Markdown-escape text that came from DNS (it may contain *, _, |, [ or HTML). */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function findingsOf(report: DomainReport, area: AreaId): Finding[] {
  switch (area) {
    case 'spf':
      return report.spf.findings;
    case 'dmarc':
      return report.dmarc.findings;
    case 'dkim':
      return report.dkim.findings;
    case 'mx':
      return report.mx.findings;
    case 'mta-sts':
      return report.mtaSts.findings;
    case 'tls-rpt':
      return report.tlsRpt.findings;
    case 'bimi':
      return report.bimi.findings;
    case 'dnssec':
      return report.dnssec.findings;
  }
}

export function reportToMarkdown(report: DomainReport): string {
  const lines: string[] = [];
  lines.push(`# Email authentication report: ${md(report.display)}`, '');
  lines.push(
    `Checked ${report.checkedAt} with AuthLens. Grade **${report.grade.letter}** (${report.grade.score}/100): ${md(report.grade.summary)}`,
    '',
  );
  lines.push('| Area | Status | Summary |', '| --- | --- | --- |');
  for (const a of report.areas) lines.push(`| ${a.title} | ${a.status} | ${md(a.headline)} |`);
  lines.push('');
  if (report.spf.root.record) lines.push('SPF record:', '', '```', report.spf.root.record, '```', '');
  if (report.dmarc.discovery.rfc9989.record)
    lines.push(
      `DMARC record (${md(report.dmarc.discovery.rfc9989.domain ?? '')}):`,
      '',
      '```',
      report.dmarc.discovery.rfc9989.record,
      '```',
      '',
    );
  for (const a of report.areas) {
    const findings = sortFindings(findingsOf(report, a.id)).filter((f) => f.severity !== 'ok');
    if (findings.length === 0) continue;
    lines.push(`## ${a.title}`, '');
    for (const f of findings) {
      lines.push(
        `- **${SEVERITY_LABEL[f.severity]}: ${md(f.title)}**${f.detail && f.detail !== f.title ? ` — ${md(f.detail)}` : ''}`,
      );
      for (const item of f.items ?? []) lines.push(`  - ${md(item)}`);
      if (f.fix) lines.push(`  - Fix: ${md(f.fix)}`);
    }
    lines.push('');
  }
  lines.push('## Bulk-sender readiness (Gmail, Yahoo, Outlook.com)', '');
  for (const r of report.readiness)
    lines.push(
      `- ${r.state === 'met' ? '✅' : r.state === 'not-met' ? '❌' : '➖'} ${md(r.requirement)} — ${md(r.detail)}`,
    );
  lines.push('');
  return lines.join('\n');
}
