import { describe, expect, it } from 'vitest';
import { ZoneResolver } from '../lib/dns';
import { fixtureZone } from '../../tests/support/zones';
import { PolicyCheck, SpfIpTest } from './report-tools.svelte';

const zone = new ZoneResolver(fixtureZone());

describe('SpfIpTest', () => {
  it('runs check_host() for the typed IP, with the sender domain split by the SPF engine’s rule', async () => {
    const t = new SpfIpTest(() => zone);
    t.ip = '203.0.113.5';
    await t.test('deep-spf.example');
    expect(t.result?.result).toBe('pass');
    expect(t.running).toBe(false);

    t.sender = 'bounce@good.example';
    t.ip = '10.9.9.9';
    await t.test('deep-spf.example');
    expect(t.result?.result).toBe('fail');
  });

  it('a typing error is a message, not a result', async () => {
    const t = new SpfIpTest(() => zone);
    await t.test('good.example');
    expect(t.error).toBe('Type the IP address of the server that sent the mail.');
    t.ip = 'not-an-ip';
    await t.test('good.example');
    expect(t.error).toBe('“not-an-ip” is not an IP address.');
    expect(t.result).toBeNull();
  });
});

describe('PolicyCheck', () => {
  it('keeps only the answer of the newest fetch', async () => {
    const answers: Array<(body: string) => void> = [];
    const check = new PolicyCheck(
      () =>
        new Promise((resolve) =>
          answers.push((body) =>
            resolve({ kind: 'ok', status: 200, contentType: 'text/plain', redirected: false, body }),
          ),
        ),
    );
    const first = check.run('good.example', ['mx1.good.example']);
    const second = check.run('good.example', ['mx1.good.example']);
    answers[1]!('version: STSv1\r\nmode: enforce\r\nmx: mx1.good.example\r\nmax_age: 604800\r\n');
    await second;
    answers[0]!('version: STSv1\r\nmode: testing\r\nmx: mx1.good.example\r\nmax_age: 604800\r\n');
    await first;
    expect(check.result?.policy?.mode).toBe('enforce');
    expect(check.running).toBe(false);
  });
});
