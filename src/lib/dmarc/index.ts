// DMARC (RFC 9989, with RFC 7489 notes): record parsing, policy discovery and the domain's DMARC analysis.

import { parseDmarcRecord as parse, type DmarcParse, type DmarcParseOptions } from './parse';

export * from './parse';

/** The entry point outside harnesses import (keep its name and shape): RFC 9989 semantics unless told otherwise. */
export function parseDmarcRecord(text: string, options?: DmarcParseOptions): DmarcParse {
  return parse(text, options);
}
export { discoverDmarc, walkTargets, selectOrganizationalDomain, MAX_TREE_WALK_QUERIES } from './discovery';
export type { DmarcDiscovery, DmarcLocation, PolicySource } from './discovery';
export { analyzeDmarc, type DmarcAnalysis, type ReportDestination } from './analyze';
export { pslOrganizationalDomain, aligned } from '../domain/org-domain';
