// SPF (RFC 7208): record parser, check_host() and the domain analysis.

export { checkHost, MAX_DNS_LOOKUPS, MAX_VOID_LOOKUPS, MAX_MX_NAMES, MAX_PTR_NAMES } from './check-host';
export type { CheckHostInput, CheckHostOptions, CheckHostResult, SpfResult, TraceStep } from './check-host';
export { parseSpf, isSpfRecord, qualifierResult, DNS_TERMS } from './parse';
export type { SpfParse, SpfRecord, Term, Mechanism, Modifier, Qualifier, SpfIssue } from './parse';
export { fetchSpfRecord, type SpfRecordLookup } from './record-lookup';
export {
  analyzeSpf,
  MAX_TREE_NODES,
  type SpfAnalysis,
  type SpfNode,
  type SpfTermInfo,
  type SpfNodeStatus,
} from './analyze';
export { buildSpfFindings, type SpfFinding } from './findings';
export { lintSpfRecord } from './lint';
export { summarizeNetblocks, type NetblockSummary } from './netblocks';
