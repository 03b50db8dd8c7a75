// MX analysis (RFC 5321 §5.1, RFC 7505) on MX answers whose data is hostile text: always an analysis, never a throw.
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXTS, HOSTILE_TIMEOUT } from '../../../tests/support/hostile-inputs';
import type { DohResponse, Resolver } from '../dns';
import { analyzeMx } from './analyze';

/** MX data as a hostile server could print it: each hostile text alone and after a preference. */
const hostileMx: Resolver = {
  async query(name, type): Promise<DohResponse> {
    if (type !== 'MX' || name !== 'hostile.example') return { Status: 3 };
    const data = HOSTILE_TEXTS.flatMap((h) => [h.text, `10 ${h.text}`]);
    return { Status: 0, Answer: data.map((d) => ({ name: 'hostile.example', type: 15, TTL: 300, data: d })) };
  },
};

describe('analyzeMx on hostile MX data', { timeout: HOSTILE_TIMEOUT }, () => {
  it('returns an analysis for an answer holding every hostile input', async () => {
    const a = await analyzeMx('hostile.example', hostileMx);
    expect(typeof a.status).toBe('string');
    expect(Array.isArray(a.findings)).toBe(true);
  });
});
