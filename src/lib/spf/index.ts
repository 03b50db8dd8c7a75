// SPF (RFC 7208): record parser, check_host() and the domain analysis.

export { checkHost } from './check-host';
export {
  MAX_DNS_LOOKUPS,
  MAX_VOID_LOOKUPS,
  MAX_MX_NAMES,
  MAX_PTR_NAMES,
  MAX_TREE_NODES,
  LOOKUP_WARNING_AT,
  SPF_LIMITS,
  type SpfLimits,
} from './limits';
export { isEvaluableDomain } from './domain-name';
export { parseSpf, spfErrors } from './parse';
export { isSpfRecord, qualifierResult, DNS_TERMS } from './grammar';
export { fetchSpfRecord, bomSpfRecord, type SpfRecordLookup } from './record-lookup';
export { analyzeSpf, type AnalyzeSpfOptions } from './analyze';
export { buildSpfFindings } from './findings';
export { lintSpfRecord } from './lint';
export { summarizeNetblocks, type NetblockSummary } from './netblocks';
export type {
  CheckHostInput,
  CheckHostOptions,
  CheckHostResult,
  DecidedBy,
  SpfResult,
  TraceStep,
  SpfParse,
  SpfRecord,
  Term,
  Mechanism,
  MechanismName,
  Modifier,
  Qualifier,
  SpfIssue,
  SpfIssueCode,
  SpfParseIssueCode,
  SpfLintCode,
  SpfAnalysis,
  SpfNode,
  SpfNodeStatus,
  SpfTermInfo,
  SpfTermNote,
  SpfTermNoteKind,
  SpfFinding,
  SpfFindingCode,
} from './types';
