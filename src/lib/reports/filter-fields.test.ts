import { describe, expect, it } from 'vitest';
import { filterFields } from './filter-fields';

const kinds = (aggregate: number, tls: number, failure: number) => ({
  'dmarc-aggregate': aggregate,
  'tls-rpt': tls,
  'dmarc-failure': failure,
});

describe('filterFields', () => {
  it('offers the DMARC result filter only with aggregate reports, the source filter with failure reports too', () => {
    expect(filterFields(kinds(0, 3, 0))).toEqual({ source: false, result: false });
    expect(filterFields(kinds(0, 0, 2))).toEqual({ source: true, result: false });
    expect(filterFields(kinds(0, 1, 1))).toEqual({ source: true, result: false });
    expect(filterFields(kinds(5, 0, 0))).toEqual({ source: true, result: true });
  });
});
