// Answer the DoH providers' URLs from the zone fixtures, shaped like each provider, and watch every request.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request, Route } from '@playwright/test';
import { answerFromZone, mergeZones, type Zone } from '../../../src/lib/dns/zone';

const zoneDir = join(process.cwd(), 'tests/fixtures/zones');

export function loadFixtureZone(): Zone {
  const files = readdirSync(zoneDir).filter((f) => f.endsWith('.json'));
  return mergeZones(files.map((f) => JSON.parse(readFileSync(join(zoneDir, f), 'utf8')) as Zone));
}

const zone = loadFixtureZone();

export const CLOUDFLARE_HOST = 'cloudflare-dns.com';
export const GOOGLE_HOST = 'dns.google';

export interface DohMockOptions {
  /** Make a provider fail: 'down' aborts the connection, a number answers that HTTP status, 'hang' never answers. */
  cloudflare?: 'down' | 'hang' | number;
  google?: 'down' | 'hang' | number;
  /** Hold each answer this long (ms), so a test can act while a check is running. */
  delayMs?: number;
}

export interface DohMock {
  /** Every DoH question asked, as "name TYPE (provider)". */
  asked: string[];
}

/** Route both providers' DoH JSON URLs to the zone fixtures. */
export async function mockDoh(page: Page, options: DohMockOptions = {}): Promise<DohMock> {
  const mock: DohMock = { asked: [] };
  const handler = (provider: 'cloudflare' | 'google') => async (route: Route) => {
    const url = new URL(route.request().url());
    const name = url.searchParams.get('name') ?? '';
    const type = url.searchParams.get('type') ?? 'A';
    mock.asked.push(`${name} ${type} (${provider})`);
    const failure = options[provider];
    if (failure === 'down') return route.abort('connectionrefused');
    if (failure === 'hang') return; // never answered: the app's time limit decides
    if (typeof failure === 'number') return route.fulfill({ status: failure, body: 'unavailable' });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const answer = answerFromZone(zone, name, type, provider);
    if (answer.kind === 'timeout') return; // the app's time limit decides
    const fulfilled = route.fulfill({
      status: 200,
      contentType: provider === 'google' ? 'application/x-javascript; charset=UTF-8' : 'application/dns-json',
      headers: { 'access-control-allow-origin': '*' },
      body: JSON.stringify(answer.response),
    });
    // A held answer may arrive after the page cancelled its request (a cancelled check): nothing to deliver then.
    return options.delayMs ? fulfilled.catch(() => undefined) : fulfilled;
  };
  await page.route(`https://${CLOUDFLARE_HOST}/dns-query?**`, handler('cloudflare'));
  await page.route(`https://${GOOGLE_HOST}/resolve?**`, handler('google'));
  return mock;
}

/** Record the host of every request the page makes. */
export function watchRequests(page: Page): { hosts: Set<string>; urls: string[] } {
  const seen = { hosts: new Set<string>(), urls: [] as string[] };
  page.on('request', (request: Request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    seen.hosts.add(url.host);
    seen.urls.push(request.url());
  });
  return seen;
}

/** Start with settings (DoH provider, short time limit) already saved, as a returning visitor would have. */
export async function presetSettings(page: Page, settings: Record<string, unknown>): Promise<void> {
  await page.addInitScript((value) => {
    if (!sessionStorage.getItem('authlens.preset')) {
      localStorage.setItem('authlens.settings', value);
      sessionStorage.setItem('authlens.preset', '1');
    }
  }, JSON.stringify(settings));
}
