// RFC 8461 §3.3: a domain report once its MTA-STS policy file has been read on request. The TXT record alone only
// announces a policy, so the area stays "could not check" until the file is read; then its findings decide it.

import type { Finding } from '../findings';
import type { MtaStsPolicyFindingCode } from '../mtasts/analyze';
import { summarizeMtaSts } from './areas';
import { gradeAreas } from './grade';
import type { DomainReport } from './index';
import { bulkSenderReadiness } from './readiness';

/** The report with the policy file's findings in place of "not yet checked": area, grade and readiness again. */
export function withFetchedPolicy(
  report: DomainReport,
  policyFindings: readonly Finding<MtaStsPolicyFindingCode>[],
): DomainReport {
  const mtaSts = {
    ...report.mtaSts,
    findings: [
      ...report.mtaSts.findings.filter((f) => f.code !== 'mtasts-policy-unverified'),
      ...policyFindings,
    ],
  };
  const areas = report.areas.map((a) => (a.id === 'mta-sts' ? summarizeMtaSts(mtaSts) : a));
  return {
    ...report,
    mtaSts,
    areas,
    grade: report.exists ? gradeAreas(areas) : report.grade,
    readiness: bulkSenderReadiness(report.spf, report.dmarc, report.dkim, report.mx, areas),
  };
}
