import { describe, expect, it } from 'vitest';
import { ZoneResolver, type Zone } from '../dns/zone';
import { analyzeDnssec } from './analyze';

const z = (records: Zone['records'], dnssec = false) => new ZoneResolver({ records, dnssec });
const read = async (records: Zone['records'], dnssec = false) => {
  const r = await analyzeDnssec('s.example', z(records, dnssec));
  return [r.status, r.validation, r.findings.map((f) => `${f.severity}:${f.code}`).join()];
};

describe('analyzeDnssec', () => {
  it('reads the AD flag and the DS record', async () => {
    expect(await read({ 's.example': { DS: ['1 13 2 AB'], SOA: 'ns. h. 1 2 3 4 5' } }, true)).toEqual([
      'found',
      'validated',
      'ok:dnssec-ok',
    ]);
    expect(await read({ 's.example': { DS: ['1 13 2 AB'] } })).toEqual([
      'found',
      'not-validated',
      'warning:dnssec-not-validated',
    ]);
    expect(await read({ 's.example': { A: ['192.0.2.1'] } })).toEqual([
      'none',
      'unsigned',
      'info:dnssec-unsigned',
    ]);
    expect(await read({ 's.example': { $rcode: 'SERVFAIL' } })).toEqual([
      'error',
      null,
      'unknown:dnssec-error',
    ]);
  });
});
