// Report files for tests and benchmarks, built with node:zlib (independently of the engine under test): zip
// archives, e-mail messages with attachments, generated aggregate reports, and an independent reader of XML
// inside .gz / .zip / .eml fixtures used to count records without the engine's code.

import { crc32, deflateRawSync, gunzipSync, inflateRawSync } from 'node:zlib';

/** APPNOTE 4.3.7 / 4.3.12 / 4.3.16: a zip archive of (name, data) members; deflated unless `stored`. */
export function makeZip(
  members: Array<{ name: string; data: Uint8Array | string; stored?: boolean; claimSize?: number }>,
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const data = typeof m.data === 'string' ? Buffer.from(m.data) : Buffer.from(m.data);
    const body = m.stored ? data : deflateRawSync(data);
    const name = Buffer.from(m.name);
    const crc = crc32(data);
    const size = m.claimSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(m.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(m.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A report e-mail (RFC 2045/2046) with the given attachments, base64-encoded, CRLF line ends. */
export function makeReportEmail(
  attachments: Array<{ name: string; type: string; data: Uint8Array | string }>,
  options: { subject?: string; reportType?: string } = {},
): Buffer {
  const boundary = '----=_Part_report_boundary';
  const lines = [
    'From: noreply-dmarc-support@google.com',
    'To: dmarc@good.example',
    `Subject: ${options.subject ?? 'Report domain: good.example Submitter: google.com'}`,
    'Message-ID: <report-1@google.com>',
    'MIME-Version: 1.0',
    options.reportType
      ? `Content-Type: multipart/report; report-type=${options.reportType}; boundary="${boundary}"`
      : `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    '',
    'This is an aggregate report.',
  ];
  for (const a of attachments) {
    const b64 = Buffer.from(typeof a.data === 'string' ? Buffer.from(a.data) : a.data)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.type}; name="${a.name}"`,
      `Content-Disposition: attachment; filename="${a.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64,
    );
  }
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'));
}

export interface GeneratedReport {
  xml: string;
  records: number;
  messages: number;
}

/**
 * An aggregate report of `records` rows with varied sources, results and auth results (deterministic), shaped
 * like Google's and Microsoft's: RFC 9990 namespace, several DKIM results per row, reasons on some rows.
 */
export function generateAggregateXml(
  records: number,
  seed = 1,
  reportId = `gen-${seed}`,
  options: { compact?: boolean } = {},
): GeneratedReport {
  let state = seed >>> 0 || 1;
  const rand = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">\n',
    `  <version>1.0</version>\n  <report_metadata>\n    <org_name>google.com</org_name>\n    <email>noreply-dmarc-support@google.com</email>\n    <report_id>${reportId}</report_id>\n    <date_range>\n      <begin>${1767225600 + seed * 86400}</begin>\n      <end>${1767311999 + seed * 86400}</end>\n    </date_range>\n    <generator>AuthLens bench &amp; tests</generator>\n  </report_metadata>\n`,
    '  <policy_published>\n    <domain>good.example</domain>\n    <adkim>r</adkim>\n    <aspf>r</aspf>\n    <p>none</p>\n    <sp>none</sp>\n    <np>reject</np>\n    <testing>n</testing>\n    <discovery_method>treewalk</discovery_method>\n  </policy_published>\n',
  ];
  let messages = 0;
  const services = [
    'amazonses.com',
    'sendgrid.net',
    'mcsv.net',
    'good.example',
    'good.example',
    'spoof.test',
  ];
  for (let i = 0; i < records; i++) {
    const count = 1 + rand(40);
    messages += count;
    const ip = `${10 + rand(200)}.${rand(256)}.${rand(256)}.${1 + rand(254)}`;
    const dkimDomain = services[rand(services.length)]!;
    const aligned = dkimDomain === 'good.example';
    const dkim = aligned && rand(10) > 1 ? 'pass' : 'fail';
    const spf = rand(3) === 0 ? 'pass' : 'fail';
    const disposition =
      dkim === 'pass' || spf === 'pass' ? 'none' : ['none', 'quarantine', 'reject'][rand(3)]!;
    parts.push(
      `  <record>\n    <row>\n      <source_ip>${ip}</source_ip>\n      <count>${count}</count>\n      <policy_evaluated>\n        <disposition>${disposition}</disposition>\n        <dkim>${dkim}</dkim>\n        <spf>${spf}</spf>\n`,
      rand(8) === 0
        ? '        <reason>\n          <type>local_policy</type>\n          <comment>arc=pass</comment>\n        </reason>\n'
        : '',
      `      </policy_evaluated>\n    </row>\n    <identifiers>\n      <envelope_from>${aligned ? 'good.example' : `bounce.${dkimDomain}`}</envelope_from>\n      <header_from>good.example</header_from>\n    </identifiers>\n    <auth_results>\n      <dkim>\n        <domain>${dkimDomain}</domain>\n        <selector>s${rand(4)}</selector>\n        <result>${dkimDomain === 'spoof.test' ? 'fail' : 'pass'}</result>\n      </dkim>\n`,
      rand(8) === 0
        ? '      <dkim>\n        <domain>good.example</domain>\n        <selector>google</selector>\n        <result>' +
            dkim +
            '</result>\n        <human_result>2048-bit key</human_result>\n      </dkim>\n'
        : '',
      `      <spf>\n        <domain>${aligned ? 'good.example' : `bounce.${dkimDomain}`}</domain>\n        <scope>mfrom</scope>\n        <result>${spf === 'pass' ? 'pass' : 'softfail'}</result>\n      </spf>\n    </auth_results>\n  </record>\n`,
    );
  }
  parts.push('</feedback>\n');
  const xml = parts.join('');
  // Compact: no whitespace between elements, as Microsoft and others send it.
  return { xml: options.compact ? xml.replace(/>\s+</g, '><') : xml, records, messages };
}

/** Independent counts of an aggregate report's XML: <record> elements and the sum of <count> values. */
export function countXml(xml: string): { records: number; messages: number } {
  const records = (xml.match(/<(?:\w+:)?record[\s>]/g) ?? []).length;
  let messages = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?count>\s*(\d+)\s*<\/(?:\w+:)?count>/g)) messages += Number(m[1]);
  return { records, messages };
}

/** The XML documents inside a fixture: plain, gzip, zip (local headers walked here) or an e-mail's attachments. */
export function xmlInside(bytes: Buffer): string[] {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return xmlInside(gunzipSync(bytes));
    } catch {
      // Bytes after the member (a CRLF): inflate the deflate data after the RFC 1952 header alone.
      let p = 10;
      if (bytes[3]! & 8) p = bytes.indexOf(0, p) + 1;
      return xmlInside(inflateRawSync(bytes.subarray(p)));
    }
  }
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    const out: string[] = [];
    for (let p = 0; p + 30 <= bytes.length && bytes.readUInt32LE(p) === 0x04034b50;) {
      const method = bytes.readUInt16LE(p + 8);
      const size = bytes.readUInt32LE(p + 18);
      const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
      const data = bytes.subarray(start, start + size);
      out.push(...xmlInside(method === 8 ? inflateRawSync(data) : data));
      p = start + size;
    }
    return out;
  }
  const text = bytes.toString('latin1');
  if (/^\s*</.test(text)) return /<(?:\w+:)?feedback[\s>]/.test(text) ? [bytes.toString('utf8')] : [];
  // An e-mail: every base64 body that follows a blank line after a base64 part header.
  const out: string[] = [];
  for (const m of text.matchAll(
    /Content-Transfer-Encoding:\s*base64[^\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi,
  )) {
    const data = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
    if (data[0] === 0x1f || data[0] === 0x50 || data[0] === 0x3c) out.push(...xmlInside(data));
  }
  return out;
}
