// Test doubles for a generator's services: the zone fixtures as DNS, a URL held in a string, a fixed clock.

import { ZoneResolver, type Resolver } from '../../src/lib/dns';
import { routeHash, type Route } from '../../src/state/routes';
import type { GeneratorServices } from '../../src/state/generators/generator.svelte';
import { fixtureZone } from './zones';

export interface TestServices extends GeneratorServices {
  router: { hash: string; go(route: Route, options?: { replace?: boolean }): void };
}

export function testServices(resolver: Resolver = new ZoneResolver(fixtureZone())): TestServices {
  const router = {
    hash: '',
    go(route: Route) {
      router.hash = routeHash(route);
    },
  };
  return {
    dns: { resolver, mark: () => 0, since: () => [] },
    router,
    now: () => new Date('2026-07-15T12:00:00Z'),
    debounceMs: 0,
  };
}
