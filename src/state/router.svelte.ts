// The current route, read from and written to location.hash.

import { parseRoute, routeHash, type Route } from './routes';

export class Router {
  #hash = $state(typeof location === 'undefined' ? '' : location.hash);
  route: Route = $derived(parseRoute(this.#hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.#hash = location.hash;
      });
    }
  }

  get hash(): string {
    return this.#hash;
  }

  /** Go to a route. `replace` keeps history clean while a form is edited (each keystroke updates the URL). */
  go(route: Route, options: { replace?: boolean } = {}): void {
    const hash = routeHash(route);
    if (hash === this.#hash) return;
    if (options.replace) history.replaceState(history.state, '', hash);
    else history.pushState(history.state, '', hash);
    this.#hash = hash;
  }
}

export const router = new Router();
