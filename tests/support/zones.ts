// The zone fixtures of tests/fixtures/zones, merged, for unit tests and benchmarks.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mergeZones, type Zone } from '../../src/lib/dns/zone';

const dir = join(process.cwd(), 'tests/fixtures/zones');

export function fixtureZone(): Zone {
  return mergeZones(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Zone),
  );
}
