// RFC 8461 §3.3: the TXT record only announces a policy, so the MTA-STS area stays "could not check" until the
// policy file is read on request; then its findings decide the area (and the grade and readiness that rest on it).

import { handlesNoMail } from './non-mail';
import type { DkimAnalysis } from '../dkim/discover';
import type { DmarcAnalysis } from '../dmarc/analyze';
import type { Finding } from '../findings';
import type { MtaStsAnalysis, MtaStsPolicyFindingCode } from '../mtasts/analyze';
import type { MxAnalysis } from '../mx/analyze';
import type { SpfAnalysis } from '../spf';
import { summarizeMtaSts } from './areas';
import { gradeAreas, type Grade } from './grade';
import { bulkSenderReadiness, type ReadinessItem } from './readiness';
import type { AreaSummary } from './types';

/** The parts of a domain report (index.ts) the policy file changes or is judged with. */
interface ReportParts {
  exists: boolean;
  spf: SpfAnalysis;
  dmarc: DmarcAnalysis;
  dkim: DkimAnalysis;
  mx: MxAnalysis;
  mtaSts: MtaStsAnalysis;
  areas: AreaSummary[];
  grade: Grade;
  readiness: ReadinessItem[];
}

/** The report with the policy file's findings in place of "not yet checked": area, grade and readiness again. */
export function withFetchedPolicy<R extends ReportParts>(
  report: R,
  policyFindings: readonly Finding<MtaStsPolicyFindingCode>[],
): R {
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
    grade: report.exists
      ? gradeAreas(areas, { noMail: handlesNoMail(report.mx, report.spf, report.dkim) })
      : report.grade,
    readiness: bulkSenderReadiness(report.spf, report.dmarc, report.dkim, report.mx, areas),
  };
}
