import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './routes';

describe('routes', () => {
  it('round-trips every page, the reports page included', () => {
    const routes: Route[] = [
      { page: 'domain', domain: 'good.example', selectors: ['s1', 'google'] },
      { page: 'headers', shared: null },
      { page: 'generate', tool: 'dmarc', query: { domain: 'good.example', record: 'v=DMARC1; p=none' } },
      { page: 'reports' },
      { page: 'settings' },
      { page: 'about' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('the reports page carries nothing in its URL (failure reports hold personal data)', () => {
    expect(routeHash({ page: 'reports' })).toBe('#/reports');
    expect(parseRoute('#/reports?ip=192.0.2.1')).toEqual({ page: 'reports' });
  });
});
