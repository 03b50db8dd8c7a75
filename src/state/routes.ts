// Hash routes: every tool's state lives in the URL fragment, which never leaves the browser.

export const GENERATORS = ['dmarc', 'spf', 'dkim', 'mta-sts', 'tls-rpt', 'bimi'] as const;
export type GeneratorId = (typeof GENERATORS)[number];

export type Route =
  | { page: 'domain'; domain: string | null; selectors: string[] }
  | { page: 'headers'; shared: string | null }
  | { page: 'generate'; tool: GeneratorId; query: Record<string, string> }
  | { page: 'reports' }
  | { page: 'settings' }
  | { page: 'about' }
  | { page: 'not-found'; path: string };

function queryRecord(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) out[key] = value;
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', search = ''] = raw.split(/\?(.*)/s, 2);
  const parts = pathPart.split('/').filter((p) => p !== '');
  const query = queryRecord(search);
  const [first, second] = parts;
  if (first === undefined || first === 'domain') {
    const selectors = (query.selectors ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return { page: 'domain', domain: second === undefined ? null : safeDecode(second), selectors };
  }
  if (first === 'headers') return { page: 'headers', shared: query.h ?? null };
  if (first === 'generate') {
    const tool = (GENERATORS as readonly string[]).includes(second ?? '') ? (second as GeneratorId) : 'dmarc';
    return { page: 'generate', tool, query };
  }
  if (first === 'reports') return { page: 'reports' };
  if (first === 'settings') return { page: 'settings' };
  if (first === 'about') return { page: 'about' };
  return { page: 'not-found', path: pathPart };
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function routeHash(route: Route): string {
  switch (route.page) {
    case 'domain':
      return withQuery(route.domain ? `#/domain/${encodeURIComponent(route.domain)}` : '#/domain', {
        selectors: route.selectors.length > 0 ? route.selectors.join(',') : undefined,
      });
    case 'headers':
      return withQuery('#/headers', { h: route.shared ?? undefined });
    case 'generate':
      return withQuery(`#/generate/${route.tool}`, route.query);
    case 'reports':
      return '#/reports';
    case 'settings':
      return '#/settings';
    case 'about':
      return '#/about';
    case 'not-found':
      return `#/${route.path}`;
  }
}
