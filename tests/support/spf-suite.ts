// Reads the OpenSPF YAML suites (RFC 7208 / RFC 4408 test-suite format) into zones and test cases.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { Zone, ZoneNode } from '../../src/lib/dns/zone';

export interface SuiteCase {
  scenario: string;
  name: string;
  helo: string;
  host: string;
  mailfrom: string;
  result: string[];
  explanation?: string;
  zone: Zone;
}

type ZoneEntry = 'TIMEOUT' | Record<string, unknown>;

/** Convert one scenario's zonedata. Per the suite header, SPF (type 99) records are copied to TXT unless the name
 *  has TXT records of its own or `TXT: NONE`; `TIMEOUT` makes every type without data time out. */
export function zoneFromSuite(zonedata: Record<string, ZoneEntry[]>): Zone {
  const records: Record<string, ZoneNode> = {};
  for (const [name, entries] of Object.entries(zonedata ?? {})) {
    const node: ZoneNode = {};
    let txtNone = false;
    const txt: Array<string | string[]> = [];
    const spf: Array<string | string[]> = [];
    for (const entry of entries ?? []) {
      if (entry === 'TIMEOUT') {
        node.$timeout = true;
        continue;
      }
      for (const [type, value] of Object.entries(entry)) {
        const text = (v: unknown): string | string[] => (Array.isArray(v) ? v.map(String) : String(v));
        switch (type) {
          case 'TXT':
            if (value === 'NONE') txtNone = true;
            else txt.push(text(value));
            break;
          case 'SPF':
            if (value !== 'NONE') spf.push(text(value));
            break;
          case 'A':
            (node.A ??= []).push(String(value));
            break;
          case 'AAAA':
            (node.AAAA ??= []).push(String(value));
            break;
          case 'MX': {
            const [pref, host] = value as [number, string];
            (node.MX ??= []).push(`${pref} ${host === '' ? '.' : host}`);
            break;
          }
          case 'PTR':
            (node.PTR ??= []).push(String(value));
            break;
          case 'CNAME':
            node.CNAME = String(value);
            break;
          default:
            throw new Error(`Unhandled zone type ${type} at ${name}`);
        }
      }
    }
    if (spf.length > 0) node.SPF = spf;
    if (txt.length > 0) node.TXT = txt;
    else if (spf.length > 0 && !txtNone) node.TXT = [...spf];
    records[name] = node;
  }
  return { records };
}

export function loadSuite(path: string): SuiteCase[] {
  const cases: SuiteCase[] = [];
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    const scenario = doc.toJS() as {
      description: string;
      tests: Record<
        string,
        { helo: string; host: string; mailfrom: string; result: string | string[]; explanation?: string }
      >;
      zonedata: Record<string, ZoneEntry[]>;
    } | null;
    if (!scenario?.tests) continue;
    const zone = zoneFromSuite(scenario.zonedata);
    for (const [name, t] of Object.entries(scenario.tests)) {
      const c: SuiteCase = {
        scenario: scenario.description,
        name,
        helo: String(t.helo),
        host: String(t.host),
        mailfrom: String(t.mailfrom ?? ''),
        result: Array.isArray(t.result) ? t.result : [t.result],
        zone,
      };
      if (t.explanation !== undefined) c.explanation = String(t.explanation);
      cases.push(c);
    }
  }
  return cases;
}

/** RFC 7208 §2.4: with an empty MAIL FROM, the HELO identity is checked as postmaster@<helo>. */
export function identityOf(c: SuiteCase): { domain: string; sender: string } {
  if (c.mailfrom === '') return { domain: c.helo, sender: `postmaster@${c.helo}` };
  const at = c.mailfrom.lastIndexOf('@');
  return { domain: c.mailfrom.slice(at + 1), sender: c.mailfrom };
}
