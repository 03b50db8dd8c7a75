#!/usr/bin/env node
// A local DNS-over-HTTPS JSON server that answers from the zone fixtures in tests/fixtures/zones, shaped like
// Cloudflare (/dns-query) or Google (/resolve), with the CORS headers those providers send. It lets a person
// click through the whole app offline (Settings → Custom endpoint → http://127.0.0.1:8053/dns-query) and lets
// one e2e test cross origins for real.
//
// Usage: npm run dns:fixtures [-- --port 8053]   (in a second terminal, beside npm start)

import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.DNS_FIXTURES_PORT ?? 8053));
const host = process.env.DNS_FIXTURES_HOST ?? '127.0.0.1';

const { module: zoneLib } = await runnerImport(join(root, 'src/lib/dns/zone.ts'), {
  configFile: false,
  logLevel: 'error',
});

const zoneDir = join(root, 'tests/fixtures/zones');
const files = readdirSync(zoneDir).filter((f) => f.endsWith('.json'));
const zone = zoneLib.mergeZones(files.map((f) => JSON.parse(readFileSync(join(zoneDir, f), 'utf8'))));

// The CORS headers real DoH providers send on JSON answers (Cloudflare and Google both allow any origin).
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-allow-headers': 'accept, content-type',
  'access-control-max-age': '86400',
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  if (url.pathname === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain', ...CORS });
    res.end(`ok ${files.length} zone files\n`);
    return;
  }
  const style = url.pathname === '/resolve' ? 'google' : url.pathname === '/dns-query' ? 'cloudflare' : null;
  if (style === null || req.method !== 'GET') {
    res.writeHead(404, { 'content-type': 'application/json', ...CORS });
    res.end(JSON.stringify({ error: 'Use GET /dns-query (Cloudflare shape) or /resolve (Google shape).' }));
    return;
  }
  const name = url.searchParams.get('name');
  const type = url.searchParams.get('type') ?? 'A';
  if (!name) {
    res.writeHead(400, { 'content-type': 'application/json', ...CORS });
    res.end(JSON.stringify({ error: 'missing name' }));
    return;
  }
  const answer = zoneLib.answerFromZone(zone, name, type, style);
  if (answer.kind === 'timeout') {
    // Never answer: the client's own time limit decides. Close when the client gives up.
    req.on('close', () => res.destroy());
    return;
  }
  res.writeHead(200, {
    'content-type': style === 'google' ? 'application/x-javascript; charset=UTF-8' : 'application/dns-json',
    'cache-control': 'max-age=60',
    ...CORS,
  });
  res.end(JSON.stringify(answer.response));
});

server.on('error', (error) => {
  const why =
    error.code === 'EADDRINUSE'
      ? `port ${port} is already in use (another fixture server?). Try: npm run dns:fixtures -- --port ${port + 1}`
      : error.message;
  console.error(`Fixture DoH server could not start on ${host}:${port}: ${why}`);
  process.exit(1);
});

server.listen(port, host, () => {
  console.log(
    `Fixture DoH server on http://${host}:${port}/dns-query (Cloudflare shape) and /resolve (Google shape)`,
  );
  console.log(`Zones: ${files.join(', ')}`);
});
