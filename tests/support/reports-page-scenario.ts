// The Reports page's scenario, shared by its state test and its e2e test: one sending domain's day as an aggregate
// report (RFC 7489 appendix C) with the sources people meet. Test data only.
// Its own server, a bulk mailer in its SPF, SendGrid signing as itself (not aligned), and a spoofer: 60 messages.

export interface Row {
  ip: string;
  count: number;
  dkim: string;
  spf: string;
  disposition?: string;
  authDkim?: [string, string, string];
  authSpf?: [string, string];
}
export const ROWS: Row[] = [
  { ip: '192.0.2.25', count: 40, dkim: 'pass', spf: 'pass', authDkim: ['good.example', 's1', 'pass'], authSpf: ['good.example', 'pass'] },
  { ip: '198.51.100.7', count: 10, dkim: 'fail', spf: 'pass', authSpf: ['good.example', 'pass'] },
  { ip: '167.89.1.1', count: 6, dkim: 'fail', spf: 'fail', authDkim: ['sendgrid.net', 's1', 'pass'], authSpf: ['bounce.sendgrid.net', 'pass'] },
  { ip: '203.0.113.66', count: 4, dkim: 'fail', spf: 'fail', disposition: 'none', authSpf: ['good.example', 'fail'] },
]; // prettier-ignore

export function aggregateXml(day: number, org: string, id: string): string {
  const begin = Date.UTC(2026, 2, 1 + day) / 1000;
  const records = ROWS.map(
    (r) => `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated>
      <disposition>${r.disposition ?? 'none'}</disposition><dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated></row>
      <identifiers><header_from>good.example</header_from></identifiers><auth_results>
      ${r.authDkim ? `<dkim><domain>${r.authDkim[0]}</domain><selector>${r.authDkim[1]}</selector><result>${r.authDkim[2]}</result></dkim>` : ''}
      ${r.authSpf ? `<spf><domain>${r.authSpf[0]}</domain><scope>mfrom</scope><result>${r.authSpf[1]}</result></spf>` : ''}
      </auth_results></record>`,
  );
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>${org}</org_name><email>dmarc@${org}</email>
    <report_id>${id}</report_id><date_range><begin>${begin}</begin><end>${begin + 86399}</end></date_range></report_metadata>
    <policy_published><domain>good.example</domain><adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct></policy_published>
    ${records.join('')}</feedback>`;
}
