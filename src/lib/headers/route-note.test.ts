import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from './analyze';
import { routeNote } from './route-note';

const fixture = (name: string) => readFileSync(`tests/fixtures/headers/${name}`, 'utf8');

describe('routeNote', () => {
  it('one Received field (dkim_verifier): says what it records and why no delay is shown', () => {
    const a = analyzeHeaders(fixture('dkim_verifier-multiple_spf_and_dmarc_results.eml'));
    expect(a.hops).toHaveLength(1);
    expect(routeNote(a.hops, 1)).toBe(
      'One Received field: only the hand-off to submitserver.example.com is recorded, so there is no delay between servers to show.',
    );
    // The hop itself has something to show: who handed it to whom, the address the receiver recorded, the date.
    expect(a.hops[0]!.received).toMatchObject({
      from: 'client1.football.example.com',
      by: 'submitserver.example.com',
      ip: '192.0.2.1',
    });
  });

  it('says nothing of a route with hops to compare, of none, or of a later page of a long one', () => {
    const a = analyzeHeaders(fixture('gmail-authtest.eml'));
    expect(a.hops.length).toBeGreaterThan(1);
    expect(routeNote(a.hops, a.hops.length)).toBeNull();
    expect(routeNote([], 0)).toBeNull();
    expect(routeNote(a.hops.slice(0, 1), 51)).toBeNull();
  });

  it('a hop whose server did not name itself', () => {
    const a = analyzeHeaders('Received: from a.example; Mon, 1 Jan 2024 10:00:00 +0000\nFrom: x@a.example');
    expect(routeNote(a.hops, 1)).toMatch(
      /^One Received field: only the hand-off to a server that did not name itself/,
    );
  });
});
