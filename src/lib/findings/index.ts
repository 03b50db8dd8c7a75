// The closed vocabulary every evaluator reports in: findings with a severity, a plain explanation and a fix;
// parser issues (issue.ts) and authentication outcomes (outcome.ts) map onto the same severities.

export {
  makeIssue,
  sortIssues,
  hasErrors,
  issuesForTag,
  type Issue,
  type IssueSeverity,
  type RecordParse,
} from './issue';
export { RECORD_STATUSES, type AreaAnalysis, type RecordArea, type RecordStatus } from './area';
export { AREA_STATUS_LOOK, SEVERITY_ORDER, SEVERITY_WORDS, type AreaStatus, type Severity } from './severity';
export { describeOutcome, outcomeClass, toOutcome, type Outcome, type OutcomeLook } from './outcome';
export {
  answerCapFinding,
  dnsFailureFinding,
  RESOLVER_FAILURE_ADVICE,
  makeFinding,
  sentence,
  sortFindings,
  statusFromFindings,
  type DnsFailure,
  type Finding,
} from './finding';
