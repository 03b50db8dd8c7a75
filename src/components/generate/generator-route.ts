// GeneratePage hands its route to the generator it shows, which keeps its draft in that route's query.

import { getContext, setContext } from 'svelte';
import type { GeneratorState } from '../../state/generators/generator.svelte';
import type { Route } from '../../state/routes';

const ROUTE = Symbol('generator route');

/** Give the generators below this component the current route; call while GeneratePage initialises. */
export function provideGeneratorRoute(route: () => Route): void {
  setContext(ROUTE, route);
}

/** Keep a generator's draft and the URL in step (GeneratorState.connect); call while the generator initialises. */
export function connected<G extends GeneratorState>(generator: G): G {
  const route = getContext<(() => Route) | undefined>(ROUTE);
  if (!route) throw new Error('A generator must be shown inside GeneratePage, which provides the route.');
  generator.connect(route);
  return generator;
}
