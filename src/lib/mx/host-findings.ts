// What is wrong with an MX host, as findings: IP literals, CNAMEs, missing or private addresses, reverse DNS,
// and DANE TLSA records that senders cannot use.

import type { Finding } from '../findings';
import type { MxFindingCode } from './codes';
import type { MxHost } from './hosts';

/**
 * Which term of the domain's SPF record authorizes an address to send ("ip4:192.0.2.0/24 in example.com"), null
 * when none does, or undefined when SPF could not be checked: the only evidence here that an MX host also sends.
 */
export type SendsAs = (address: string) => string | null | undefined;

/**
 * Reverse DNS matters to receivers of mail a server sends, not to senders delivering to it (RFC 5321 §4.1.4 lets
 * no client refuse a server over it). So a missing or unconfirmed PTR on an MX host is a warning only when SPF
 * shows the host also sends; otherwise it is a note.
 */
function reverseDnsAdvice(a: MxHost['addresses'][number], sendsAs: SendsAs) {
  const term = sendsAs(a.address);
  return term
    ? {
        severity: 'warning' as const,
        why: `This host also sends: SPF authorizes ${a.address} (${term}), and many receivers distrust mail from a server without confirmed reverse DNS.`,
      }
    : {
        severity: 'info' as const,
        why: `Receiving mail needs no reverse DNS; it matters only if this server also sends mail, and ${term === null ? 'this domain’s SPF does not list it as a sender' : 'whether SPF lists it as a sender is not known (SPF could not be checked)'}.`,
      };
}

export function hostFindings(
  domain: string,
  h: MxHost,
  sendsAs: SendsAs = () => null,
): Finding<MxFindingCode>[] {
  const out: Finding<MxFindingCode>[] = [];
  if (h.isIpLiteral) {
    out.push({
      severity: 'error',
      code: 'mx-ip-literal',
      title: `MX ${h.host} is an IP address`,
      detail: 'An MX record must name a host, not an IP address; most senders will not deliver to it.',
      fix: `Create a host name (e.g. mail.${domain}) with an A record for that address and point the MX at it.`,
      spec: 'RFC 5321 §5.1',
      domain,
    });
    return out;
  }
  if (h.cname.length > 0) {
    out.push({
      severity: 'error',
      code: 'mx-cname',
      title: `MX ${h.host} is a CNAME`,
      detail: `${h.host} is an alias of ${h.cname[h.cname.length - 1]}. MX targets must not be aliases; some senders refuse or mis-route them.`,
      fix: `Point the MX directly at ${h.cname[h.cname.length - 1]}.`,
      spec: 'RFC 2181 §10.3',
      domain,
    });
  }
  if (h.addressStatus === 'nxdomain' || h.addressStatus === 'none') {
    out.push({
      severity: 'error',
      code: 'mx-no-address',
      title: `MX ${h.host} has no address`,
      detail:
        h.addressStatus === 'nxdomain'
          ? `${h.host} does not exist.`
          : `${h.host} has no A or AAAA record, so mail cannot be delivered to it.`,
      fix: 'Fix the MX host name or add its A/AAAA records.',
      spec: 'RFC 5321 §5.1',
      domain,
    });
  } else if (h.addressStatus === 'error') {
    out.push({
      severity: 'unknown',
      code: 'mx-address-error',
      title: `Could not resolve MX ${h.host}`,
      detail: 'The address lookup failed; this is a DNS failure, not a missing record.',
      domain,
    });
  }
  if (h.addressesCapped !== null) {
    out.push({
      severity: 'info',
      code: 'mx-addresses-capped',
      title: `MX ${h.host} has ${h.addressesCapped.toLocaleString('en-US')} addresses; the first ${h.addresses.length} were checked`,
      detail: 'Reverse DNS was looked up for those only; the others were not.',
      domain,
    });
  }
  for (const a of h.addresses) {
    if (a.nonPublic) {
      out.push({
        severity: 'error',
        code: 'mx-private-ip',
        title: `MX ${h.host} resolves to ${a.address}`,
        detail: `${a.address} is ${a.nonPublic}; senders on the Internet cannot reach it.`,
        fix: 'Publish the server’s public address.',
        domain,
      });
    } else if (a.ptrStatus === 'none') {
      const advice = reverseDnsAdvice(a, sendsAs);
      out.push({
        severity: advice.severity,
        code: 'mx-no-ptr',
        title: `${a.address} (${h.host}) has no reverse DNS`,
        detail: advice.why,
        fix: `${advice.severity === 'info' ? 'Only if this server also sends mail: ask' : 'Ask'} whoever runs the IP address (your host or ISP) to set its PTR to the server name.`,
        domain,
      });
    } else if (a.ptrStatus === 'ok' && a.fcrdns && !a.ptrNamesHost) {
      out.push({
        severity: 'info',
        code: 'mx-ptr-other-name',
        title: `${a.address} (${h.host}) reverse DNS names another host`,
        detail: `Its PTR name ${a.ptr.join(', ')} resolves back to ${a.address}, so it is confirmed, but for that name, not ${h.host}. That is fine for receiving mail; a server that also sends should greet with the name its PTR gives.`,
        domain,
      });
    } else if (a.ptrStatus === 'ok' && !a.fcrdns) {
      const advice = reverseDnsAdvice(a, sendsAs);
      out.push({
        severity: advice.severity,
        code: 'mx-no-fcrdns',
        title: `${a.address} (${h.host}) reverse DNS does not confirm`,
        detail: `The PTR name ${a.ptr.join(', ')} does not resolve back to ${a.address}. ${advice.why}`,
        fix: 'Make the PTR name resolve to this address.',
        domain,
      });
    }
  }
  if (h.tlsa.status === 'present') {
    const usages = h.tlsa.records.map((r) => r.trim().split(/\s+/)[0]);
    if (!h.tlsa.dnssec) {
      out.push({
        severity: 'warning',
        code: 'dane-insecure',
        title: `TLSA records for ${h.host} are not DNSSEC-validated`,
        detail:
          'DANE only works when the MX host and its TLSA records are DNSSEC-signed; senders ignore these records.',
        fix: 'Sign the zone with DNSSEC, or remove the TLSA records.',
        spec: 'RFC 7672 §2.2',
        domain,
      });
    } else {
      out.push({
        severity: 'ok',
        code: 'dane',
        title: `DANE for ${h.host}`,
        detail: `TLSA records (${h.tlsa.records.length}) are published and DNSSEC-validated. Senders that support DANE will require a matching certificate.`,
        spec: 'RFC 7672',
        domain,
      });
    }
    if (usages.some((u) => u === '0' || u === '1')) {
      out.push({
        severity: 'warning',
        code: 'dane-usage',
        title: `TLSA for ${h.host} uses usage 0 or 1`,
        detail: 'SMTP DANE uses only usages 2 (DANE-TA) and 3 (DANE-EE); records with 0 or 1 are unusable.',
        fix: 'Publish “3 1 1 <sha256 of the public key>” records.',
        spec: 'RFC 7672 §3.1.3',
        domain,
      });
    }
  }
  return out;
}
