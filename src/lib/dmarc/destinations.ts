// RFC 9990 §3 report destinations of a DMARC record: an address in another organization needs that organization's
// authorization record, and a destination that receives no mail (RFC 7505 null MX, no MX) loses the reports.

import { pslOrganizationalDomain } from '../domain/org-domain';
import { lookup, parseMxData, txtRecords, wholeRRset } from '../dns/lookup';
import type { Resolver } from '../dns/types';
import type { Finding } from '../findings';
import type { DMARC_DESTINATION_FINDING_CODES } from './codes';
import { isDmarcRecord } from './parse';
import type { DmarcParse, DmarcUri } from './types';
import { reportAuthorizationName } from './authorization';
import { uriList } from './uri';

/**
 * Destinations checked per record (three questions each). RFC 7489 §6.2 lets receivers send to as few as two;
 * a record listing more is told so (many-uris) and only the first are checked here.
 */
export const MAX_CHECKED_DESTINATIONS = 10;

export { reportAuthorizationName } from './authorization';

type DestinationFindingCode = (typeof DMARC_DESTINATION_FINDING_CODES)[number];

export interface ReportDestination {
  tag: 'rua' | 'ruf';
  uri: string;
  domain: string;
  /** The domain whose DMARC record names this destination (where the policy was found). */
  policyDomain: string;
  /** Another organization than the policy domain's: needs an authorization record (RFC 9990 §3). */
  external: boolean;
  /** The name the authorization record must be published at. */
  authorizationName: string | null;
  authorization: 'authorized' | 'missing' | 'not-needed' | 'error';
  mail: 'mx' | 'implicit-a' | 'null-mx' | 'none' | 'error';
}

export async function checkDestination(
  resolver: Resolver,
  policyDomain: string,
  tag: 'rua' | 'ruf',
  uri: string,
  destDomain: string,
  signal?: AbortSignal,
): Promise<ReportDestination> {
  const external = pslOrganizationalDomain(destDomain) !== pslOrganizationalDomain(policyDomain);
  const authorizationName = external ? reportAuthorizationName(policyDomain, destDomain) : null;
  const [auth, mx] = await Promise.all([
    authorizationName ? lookup(resolver, authorizationName, 'TXT', signal).then(wholeRRset) : null,
    lookup(resolver, destDomain, 'MX', signal),
  ]);
  let authorization: ReportDestination['authorization'] = 'not-needed';
  if (auth) {
    if (auth.kind === 'error') authorization = 'error';
    else authorization = txtRecords(auth).some((t) => isDmarcRecord(t.text)) ? 'authorized' : 'missing';
  }
  let mail: ReportDestination['mail'];
  if (mx.kind === 'error') mail = 'error';
  else if (mx.kind === 'records') {
    const hosts = mx.records.map((r) => parseMxData(r.data));
    mail = hosts.length === 1 && hosts[0]?.exchange === '.' ? 'null-mx' : 'mx';
  } else {
    // RFC 5321 §5.1: without MX, mail goes to the A/AAAA of the domain.
    const a = await lookup(resolver, destDomain, 'A', signal);
    mail = a.kind === 'records' ? 'implicit-a' : a.kind === 'error' ? 'error' : 'none';
  }
  return { tag, uri, domain: destDomain, policyDomain, external, authorizationName, authorization, mail };
}

/** The valid report URIs of a record, read from its tags also when another tag makes the record invalid. */
function reportUris(parse: DmarcParse): Array<{ tag: 'rua' | 'ruf'; u: DmarcUri }> {
  const valid = (tag: 'rua' | 'ruf'): DmarcUri[] =>
    parse.ok ? parse.policy[tag] : uriList(parse.tags[tag] ?? '', 'rfc9989').filter((u) => u.valid);
  return [
    ...valid('rua').map((u) => ({ tag: 'rua' as const, u })),
    ...valid('ruf').map((u) => ({ tag: 'ruf' as const, u })),
  ];
}

/** Check where a recognized record's reports go (valid or not: an invalid p= does not hide a lost report). */
export async function checkDestinations(
  resolver: Resolver,
  policyDomain: string,
  parse: DmarcParse,
  signal?: AbortSignal,
): Promise<ReportDestination[]> {
  const uris = reportUris(parse)
    .filter((x) => x.u.domain !== null)
    .slice(0, MAX_CHECKED_DESTINATIONS);
  return Promise.all(
    uris.map((x) => checkDestination(resolver, policyDomain, x.tag, x.u.uri, x.u.domain!, signal)),
  );
}

export function destinationFindings(
  all: readonly ReportDestination[],
  policyDomain: string,
): Finding<DestinationFindingCode>[] {
  const out: Finding<DestinationFindingCode>[] = [];
  // One finding per destination domain, even when rua and ruf both point there.
  const dests = [...new Map(all.map((d) => [d.domain, d])).values()];
  for (const dest of dests) {
    if (dest.authorization === 'missing') {
      out.push({
        severity: 'warning',
        code: 'external-unauthorized',
        title: `${dest.domain} has not authorized reports for ${policyDomain}`,
        detail: `${dest.tag}=${dest.uri} is in another organization, and ${dest.domain} publishes no authorization record, so receivers will not send ${dest.tag === 'rua' ? 'aggregate' : 'failure'} reports there.`,
        fix: `Ask the owner of ${dest.domain} to publish a TXT record at ${dest.authorizationName} with the value “v=DMARC1;” (report services do this when you sign up).`,
        spec: 'RFC 9990 §3',
        domain: policyDomain,
      });
    } else if (dest.authorization === 'authorized') {
      out.push({
        severity: 'ok',
        code: 'external-authorized',
        title: `${dest.domain} accepts reports for ${policyDomain}`,
        detail: `The authorization record ${dest.authorizationName} is published.`,
        spec: 'RFC 9990 §3',
        domain: policyDomain,
      });
    } else if (dest.authorization === 'error') {
      out.push({
        severity: 'unknown',
        code: 'external-auth-error',
        title: `Could not check whether ${dest.domain} accepts reports`,
        detail: `The lookup of ${dest.authorizationName} failed.`,
        domain: policyDomain,
      });
    }
    if (dest.mail === 'null-mx') {
      out.push({
        severity: 'error',
        code: 'report-null-mx',
        title: `${dest.domain} accepts no mail (null MX)`,
        detail: `Reports sent to ${dest.uri} will bounce.`,
        fix: 'Use a report address at a domain that receives mail.',
        spec: 'RFC 7505',
        domain: policyDomain,
      });
    } else if (dest.mail === 'none') {
      out.push({
        severity: 'warning',
        code: 'report-no-mx',
        title: `${dest.domain} has no MX records`,
        detail: `Reports sent to ${dest.uri} cannot be delivered.`,
        fix: 'Use a report address at a domain that receives mail.',
        domain: policyDomain,
      });
    }
  }
  return out;
}
