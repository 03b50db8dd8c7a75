// The import-cycle and layer check (scripts/check-imports.mjs) on tiny fake source trees.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkGraph, formatReport, importsOf, scanImports } from '../../scripts/check-imports.mjs';

const roots: string[] = [];

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-imports-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const check = (files: Record<string, string>, allowlist: Parameters<typeof checkGraph>[1] = []) =>
  checkGraph(scanImports(tree(files)), allowlist);
const rules = (result: ReturnType<typeof checkGraph>) => result.failing.map((v) => v.rule);

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('check-imports', () => {
  it('passes a clean tree', () => {
    const result = check({
      'src/lib/a/x.ts': "import { y } from './y';\nimport { z } from '../b';\nexport const x = y + z;\n",
      'src/lib/a/y.ts': 'export const y = 1;\n',
      'src/lib/b/index.ts': "export { z } from './z.js';\n",
      'src/lib/b/z.ts': 'export const z = 2;\n',
    });
    expect(result.failing).toEqual([]);
    expect(result.files).toBe(4);
  });

  it('finds a file cycle, type-only imports included, and names the loop', () => {
    const result = check({
      'src/lib/a/x.ts': "import type { Y } from './y';\nexport type X = Y | 1;\n",
      'src/lib/a/y.ts': "import { x } from './x';\nexport type Y = typeof x;\n",
    });
    expect(rules(result)).toEqual(['file-cycle']);
    expect(result.failing[0]?.message).toBe('import cycle: src/lib/a/x.ts → src/lib/a/y.ts → src/lib/a/x.ts');
  });

  it('finds a cycle between lib folders that no file cycle shows', () => {
    const result = check({
      'src/lib/a/one.ts': "import { two } from '../b/two';\nexport const one = two;\n",
      'src/lib/a/three.ts': 'export const three = 3;\n',
      'src/lib/b/two.ts': "import { three } from '../a/three';\nexport const two = three;\n",
      // Tests beside the code may import anything.
      'src/lib/b/two.test.ts': "import { one } from '../a/one';\n",
    });
    expect(rules(result)).toEqual(['folder-cycle']);
    expect(result.failing[0]?.members).toEqual(['src/lib/a', 'src/lib/b']);
    expect(result.failing[0]?.message).toContain('src/lib/a/one.ts → src/lib/b/two.ts');
  });

  it('keeps src/lib pure: no state, components, workers or Svelte', () => {
    const result = check({
      'src/lib/a/x.ts': [
        "import { s } from '../../state/s.svelte';",
        "import C from '../../components/C.svelte';",
        "import { mount } from 'svelte';",
        "import { writable } from 'svelte/store';",
        "const w = new URL('../../workers/w.ts', import.meta.url);",
      ].join('\n'),
      'src/state/s.svelte.ts': 'export const s = 1;\n',
      'src/components/C.svelte': '<p>c</p>\n',
      'src/workers/w.ts': '',
    });
    expect(result.failing.map((v) => v.key)).toEqual([
      'src/lib/a/x.ts → src/state/s.svelte.ts',
      'src/lib/a/x.ts → src/components/C.svelte',
      'src/lib/a/x.ts → svelte',
      'src/lib/a/x.ts → svelte',
      'src/lib/a/x.ts → src/workers/w.ts',
    ]);
  });

  it('keeps components away from the DNS client, but not from harmless names of the same modules', () => {
    const result = check({
      'src/components/A.svelte': `<script lang="ts">\n  import { DohClient } from '../lib/dns/doh-client';\n</script>\n`,
      'src/components/B.svelte': `<script lang="ts">\n  import { dns, settings } from '../state/app';\n</script>\n`,
      'src/components/C.svelte': `<script lang="ts">\n  import type { Resolver } from '../lib/dns';\n</script>\n`,
      'src/components/D.svelte': [
        '<script lang="ts">',
        "  import { settings } from '../state/app';",
        "  import { canonicalName } from '../lib/dns';",
        '</script>',
        "<p>import x from '../lib/dns/doh-client'</p>",
      ].join('\n'),
      'src/lib/dns/doh-client.ts': 'export class DohClient {}\n',
      'src/lib/dns/index.ts': 'export type Resolver = object;\nexport const canonicalName = 1;\n',
      'src/state/app.ts': 'export const dns = 1;\nexport const settings = 2;\n',
    });
    expect(rules(result)).toEqual(['component-dns', 'component-dns', 'component-dns']);
    expect(result.failing.map((v) => v.message)).toEqual([
      'components do no DNS: src/components/A.svelte imports src/lib/dns/doh-client.ts',
      'components do no DNS: src/components/B.svelte imports src/state/app.ts { dns }',
      'components do no DNS: src/components/C.svelte imports src/lib/dns/index.ts { Resolver }',
    ]);
  });

  it('lets a recursive component import itself', () => {
    const result = check({
      'src/components/Tree.svelte': `<script lang="ts">\n  import Tree from './Tree.svelte';\n</script>\n<Tree />\n`,
    });
    expect(result.failing).toEqual([]);
  });

  it('follows dynamic imports and reads no imports out of comments or strings', () => {
    expect(
      importsOf(
        'x.ts',
        "// import a from './a';\nconst s = \"import b from './b'\";\nconst c = () => import('./c');\nexport * from './d';\n",
      ).map((i) => i.specifier),
    ).toEqual(['./c', './d']);
  });

  it('keeps the Public Suffix List out of a route’s first load, except behind a dynamic or type-only import', () => {
    const psl = "import { parse } from 'tldts';\nexport const org = parse;\n";
    const result = check({
      'src/components/headers/HeadersPage.svelte':
        '<script lang="ts">\n  import { compare } from \'../../state/page\';\n</script>\n',
      'src/state/page.ts': "import { org } from '../lib/domain/org-domain';\nexport const compare = org;\n",
      'src/lib/domain/org-domain.ts': psl,
      'src/components/reports/ReportsPage.svelte':
        "<script lang=\"ts\">\n  import type { Org } from '../../lib/x/types';\n  const later = () => import('../../lib/domain/org-domain');\n</script>\n",
      'src/lib/x/types.ts':
        "import type { org } from '../domain/org-domain';\nexport type Org = typeof org;\n",
    });
    expect(rules(result)).toEqual(['first-load']);
    expect(result.failing[0]?.message).toBe(
      'first load stays light: src/components/headers/HeadersPage.svelte → src/state/page.ts → src/lib/domain/org-domain.ts',
    );
  });

  it('moves allowlisted violations aside and reports allowlist entries that are no longer needed', () => {
    const result = check(
      {
        'src/lib/a/x.ts': "import './y';\n",
        'src/lib/a/y.ts': "import './x';\n",
      },
      [
        { rule: 'file-cycle', members: ['src/lib/a/x.ts', 'src/lib/a/y.ts', 'src/lib/a/z.ts'] },
        { rule: 'lib-layer', key: 'src/lib/a/x.ts → svelte' },
      ],
    );
    expect(result.failing).toEqual([]);
    expect(result.allowed.map((v) => v.rule)).toEqual(['file-cycle']);
    expect(result.stale).toEqual([{ rule: 'lib-layer', key: 'src/lib/a/x.ts → svelte' }]);
    expect(formatReport(result)).toContain('no longer needed (remove it): lib-layer src/lib/a/x.ts → svelte');
  });

  it('counts lib modules over 400 lines without failing', () => {
    const result = check({
      'src/lib/a/long.ts': 'export const x = 1;\n'.repeat(401),
      'src/lib/a/ok.ts': 'export const x = 1;\n'.repeat(400),
      'src/lib/a/long.test.ts': 'export const x = 1;\n'.repeat(900),
    });
    expect(result.failing).toEqual([]);
    expect(result.long).toEqual([{ file: 'src/lib/a/long.ts', lines: 401 }]);
    expect(formatReport(result)).toContain('lib modules over 400 lines: 1\n  src/lib/a/long.ts 401');
  });
});
