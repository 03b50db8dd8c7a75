#!/usr/bin/env node
// Import-cycle and layer check of src/ (a step of `npm test`): no import cycles between files or between
// src/lib folders, src/lib never imports src/state, src/components, src/workers or Svelte, and components never
// reach the DNS client (they get results from a state class), and no route's first load reaches the Public Suffix
// List. Prints, without failing, the lib modules over 400 lines. Imports are read with the TypeScript parser (type-only imports count: a type knot is still a knot).

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** House style: a module's hard size limit (counted and printed, not failed). */
export const MAX_MODULE_LINES = 400;

/**
 * Known violations, each with the reason it is allowed (empty: every rule holds). A cycle is allowed when every
 * member is in one entry's `members`; an edge rule by its `key`.
 */
/** @typedef {{ rule: string, key?: string, members?: string[] }} AllowEntry */

/** @type {AllowEntry[]} */
export const ALLOWLIST = [];

const LIB = 'src/lib';

/**
 * What components must not import: the DNS client and resolver construction (components bind and render
 * only). Whole modules, and named bindings of modules that also export harmless things.
 */
export const COMPONENT_DNS_MODULES = [
  'src/lib/dns/doh-client.ts',
  'src/lib/dns/caching-resolver.ts',
  'src/lib/dns/lookup.ts',
  'src/lib/dns/zone.ts',
  'src/state/dns.svelte.ts',
];
export const COMPONENT_DNS_NAMES = {
  'src/lib/dns/index.ts': [
    'DohClient',
    'CachingResolver',
    'ZoneResolver',
    'lookup',
    'txtRecords',
    'Resolver',
  ],
  'src/lib/dns/types.ts': ['Resolver'],
  'src/state/app.ts': ['dns'],
};

/**
 * What a route loads before any interaction (the shell, each lazily loaded page, each generator) must not reach
 * these: the Public Suffix List (tldts, about 45 KB gzip) belongs to the Worker and to the domain report, which load
 * on demand. A static value import is enough to pull it into a route's first load (`npm run bench` shows the sizes).
 */
export const FIRST_LOAD_ENTRIES = [
  'src/main.ts',
  'src/components/domain/DomainPage.svelte',
  'src/components/headers/HeadersPage.svelte',
  'src/components/generate/GeneratePage.svelte',
  'src/components/generate/DmarcGenerator.svelte',
  'src/components/generate/SpfGenerator.svelte',
  'src/components/generate/DkimGenerator.svelte',
  'src/components/generate/MtaStsGenerator.svelte',
  'src/components/generate/TlsRptGenerator.svelte',
  'src/components/generate/BimiGenerator.svelte',
  'src/components/reports/ReportsPage.svelte',
  'src/components/settings/SettingsPage.svelte',
  'src/components/about/AboutPage.svelte',
];
export const FIRST_LOAD_EXCLUDED = ['src/lib/domain/org-domain.ts'];

const SOURCE = /\.(?:ts|mts|js|mjs|svelte)$/;
const EXTENSIONS = ['.ts', '.js', '.mjs', '.svelte', '/index.ts', '/index.js'];

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : listFiles(path);
    return SOURCE.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The script blocks of a .svelte file, with other lines blanked so positions and line numbers still match. */
function svelteScript(text) {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/g)) {
    out += text.slice(last, m.index + m[1].length).replace(/[^\n]/g, ' ') + m[2];
    last = m.index + m[0].length;
  }
  return out;
}

/** Every import of one module: `{ specifier, typeOnly, names }` (names: null for a whole-module import). */
export function importsOf(fileName, text) {
  const code = fileName.endsWith('.svelte') ? svelteScript(text) : text;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found = [];
  const named = (elements, allTypes) =>
    elements.map((e) => ({ name: (e.propertyName ?? e.name).text, typeOnly: allTypes || e.isTypeOnly }));
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly = clause?.isTypeOnly ?? false;
      const bindings = clause?.namedBindings;
      let names = null;
      if (clause && !clause.name && bindings && ts.isNamedImports(bindings))
        names = named(bindings.elements, typeOnly);
      const allTypes = typeOnly || (names !== null && names.length > 0 && names.every((n) => n.typeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes, names });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const names = clause && ts.isNamedExports(clause) ? named(clause.elements, node.isTypeOnly) : null;
      const allTypes =
        node.isTypeOnly || (names !== null && names.length > 0 && names.every((n) => n.typeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: allTypes, names });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg))
        found.push({ specifier: arg.text, typeOnly: false, names: null, dynamic: true });
    } else if (
      // new URL('../workers/x.ts', import.meta.url): how Vite finds Worker entries.
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'URL' &&
      node.arguments?.length === 2 &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      node.arguments[1].getText(source) === 'import.meta.url'
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false, names: null, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveSpecifier(root, fromFile, specifier) {
  const bare = specifier.replace(/[?#].*$/, '');
  if (!bare.startsWith('.'))
    return { external: bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0] };
  const base = resolve(root, dirname(fromFile), bare);
  const candidates = [base, ...EXTENSIONS.map((e) => base + e)];
  if (bare.endsWith('.js')) candidates.push(base.slice(0, -3) + '.ts');
  for (const c of candidates)
    if (existsSync(c) && statSync(c).isFile()) return { file: relative(root, c).split(sep).join('/') };
  return { unresolved: bare };
}

/** The import graph of root/src: Map of file → { lines, imports: [{ target | external, typeOnly, names }] }. */
export function scanImports(root) {
  const graph = new Map();
  for (const abs of listFiles(join(root, 'src'))) {
    const file = relative(root, abs).split(sep).join('/');
    const text = readFileSync(abs, 'utf8');
    const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const imports = importsOf(file, text).map((imp) => ({
      ...imp,
      ...resolveSpecifier(root, file, imp.specifier),
    }));
    graph.set(file, { lines, imports });
  }
  return graph;
}

/** Tarjan's strongly connected components of size > 1 (or a self-import), iteratively. */
function cycles(nodes, edgesOf) {
  let index = 0;
  const info = new Map();
  const stack = [];
  const out = [];
  for (const start of nodes) {
    if (info.has(start)) continue;
    const work = [[start, edgesOf(start), 0]];
    info.set(start, { index, low: index, onStack: true });
    index++;
    stack.push(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, edges] = frame;
      if (frame[2] < edges.length) {
        const next = edges[frame[2]++];
        const seen = info.get(next);
        if (!seen) {
          info.set(next, { index, low: index, onStack: true });
          index++;
          stack.push(next);
          work.push([next, edgesOf(next), 0]);
        } else if (seen.onStack) info.get(node).low = Math.min(info.get(node).low, seen.index);
        continue;
      }
      work.pop();
      const me = info.get(node);
      if (work.length > 0) {
        const parent = info.get(work[work.length - 1][0]);
        parent.low = Math.min(parent.low, me.low);
      }
      if (me.low !== me.index) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        info.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edgesOf(node).includes(node)) out.push(component.sort());
    }
  }
  return out;
}

/** One concrete loop through a cycle's members, for the message (a → b → a). */
function loopThrough(members, edgesOf) {
  const inside = new Set(members);
  const start = members[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift();
    for (const next of edgesOf(node)) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== null && at !== start; at = previous.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return members;
}

/** The src/lib folder a file sits in (null outside src/lib or directly in it). */
function libFolder(file) {
  const parts = file.split('/');
  return file.startsWith(`${LIB}/`) && parts.length > 3 ? parts[2] : null;
}
const isTest = (file) => /\.(?:test|spec|bench)\.[a-z]+$/.test(file);

/**
 * Every rule over a graph from scanImports: violations (allowlisted or not), stale allowlist entries, long modules.
 * @param {Map<string, { lines: number, imports: any[] }>} graph
 * @param {AllowEntry[]} [allowlist]
 */
export function checkGraph(graph, allowlist = ALLOWLIST) {
  const violations = [];
  const files = [...graph.keys()].sort();
  // A .svelte file importing itself is a recursive component (SpfTree renders its children), not a knot.
  const fileEdges = (file) => [
    ...new Set(
      (graph.get(file)?.imports ?? []).flatMap((i) =>
        i.file && !(i.file === file && file.endsWith('.svelte')) ? [i.file] : [],
      ),
    ),
  ];

  for (const members of cycles(files, fileEdges)) {
    const loop = loopThrough(members, fileEdges);
    violations.push({ rule: 'file-cycle', members, message: `import cycle: ${loop.join(' → ')}` });
  }

  const folderEdges = new Map();
  for (const file of files) {
    const from = libFolder(file);
    if (from === null || isTest(file)) continue;
    for (const to of fileEdges(file).map(libFolder)) {
      if (to === null || to === from) continue;
      if (!folderEdges.has(from)) folderEdges.set(from, new Set());
      folderEdges.get(from).add(to);
    }
  }
  const folders = [...new Set(files.map(libFolder).filter((f) => f !== null))].sort();
  const folderNext = (f) => [...(folderEdges.get(f) ?? [])].sort();
  for (const members of cycles(folders, folderNext)) {
    const loop = loopThrough(members, folderNext).map((f) => `${LIB}/${f}`);
    const via = [];
    for (let k = 0; k + 1 < loop.length; k++) {
      const [a, b] = [loop[k], loop[k + 1]];
      const edge = files.find(
        (f) => f.startsWith(`${a}/`) && !isTest(f) && fileEdges(f).some((t) => t.startsWith(`${b}/`)),
      );
      if (edge) via.push(`${edge} → ${fileEdges(edge).find((t) => t.startsWith(`${b}/`))}`);
    }
    violations.push({
      rule: 'folder-cycle',
      members: members.map((f) => `${LIB}/${f}`),
      message: `folder cycle: ${loop.join(' → ')} (${via.join('; ')})`,
    });
  }

  for (const file of files) {
    const { imports } = graph.get(file);
    if (file.startsWith(`${LIB}/`)) {
      for (const imp of imports) {
        const bad = imp.file
          ? /^src\/(?:state|components|workers)\//.test(imp.file) || imp.file.endsWith('.svelte')
            ? imp.file
            : null
          : imp.external === 'svelte'
            ? 'svelte'
            : null;
        if (bad)
          violations.push({
            rule: 'lib-layer',
            key: `${file} → ${bad}`,
            message: `src/lib is pure: ${file} imports ${bad}`,
          });
      }
    }
    if (file.startsWith('src/components/')) {
      for (const imp of imports) {
        if (!imp.file) continue;
        let what = null;
        if (COMPONENT_DNS_MODULES.includes(imp.file)) what = imp.file;
        else {
          const names = COMPONENT_DNS_NAMES[imp.file] ?? [];
          const hit = (imp.names ?? []).filter((n) => names.includes(n.name)).map((n) => n.name);
          if (hit.length > 0) what = `${imp.file} { ${hit.join(', ')} }`;
        }
        if (what)
          violations.push({
            rule: 'component-dns',
            key: `${file} → ${imp.file}`,
            message: `components do no DNS: ${file} imports ${what}`,
          });
      }
    }
  }

  // What each first-load entry reaches through static value imports (type-only and dynamic ones load nothing).
  const eagerEdges = (file) =>
    (graph.get(file)?.imports ?? []).flatMap((i) => (i.file && !i.typeOnly && !i.dynamic ? [i.file] : []));
  for (const entry of FIRST_LOAD_ENTRIES) {
    if (!graph.has(entry)) continue;
    const via = new Map([[entry, null]]);
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.shift();
      for (const next of eagerEdges(file))
        if (!via.has(next)) {
          via.set(next, file);
          queue.push(next);
        }
    }
    for (const heavy of FIRST_LOAD_EXCLUDED) {
      if (!via.has(heavy)) continue;
      const path = [heavy];
      while (via.get(path[0])) path.unshift(via.get(path[0]));
      violations.push({
        rule: 'first-load',
        key: `${entry} → ${heavy}`,
        message: `first load stays light: ${path.join(' → ')}`,
      });
    }
  }

  const covers = (entry, v) =>
    entry.rule === v.rule &&
    (v.members ? v.members.every((m) => entry.members?.includes(m)) : entry.key === v.key);
  const allowed = violations.filter((v) => allowlist.some((entry) => covers(entry, v)));
  const failing = violations.filter((v) => !allowed.includes(v));
  const stale = allowlist.filter((entry) => !allowed.some((v) => covers(entry, v)));
  const long = files
    .filter((f) => f.startsWith(`${LIB}/`) && !isTest(f) && graph.get(f).lines > MAX_MODULE_LINES)
    .map((f) => ({ file: f, lines: graph.get(f).lines }))
    .sort((a, b) => b.lines - a.lines);
  return { files: files.length, failing, allowed, stale, long };
}

export function formatReport(result) {
  const out = [];
  for (const v of result.failing) out.push(`✘ ${v.message}`);
  for (const v of result.allowed) out.push(`· allowlisted ${v.message}`);
  for (const a of result.stale)
    out.push(`· allowlist entry no longer needed (remove it): ${a.rule} ${a.key ?? a.members.join(', ')}`);
  out.push(`lib modules over ${MAX_MODULE_LINES} lines: ${result.long.length}`);
  for (const m of result.long) out.push(`  ${m.file} ${m.lines}`);
  const count = (rule) => result.failing.filter((v) => v.rule === rule).length;
  out.push(
    `imports: ${result.files} files; ${count('file-cycle')} file cycles, ${count('folder-cycle')} lib folder cycles, ` +
      `${count('lib-layer')} lib layer breaks, ${count('component-dns')} components reaching DNS, ` +
      `${count('first-load')} first loads reaching the Public Suffix List ` +
      `(${result.allowed.length} allowlisted)`,
  );
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const root = resolve(
    args.find((a) => !a.startsWith('--')) ?? join(dirname(fileURLToPath(import.meta.url)), '..'),
  );
  const result = checkGraph(scanImports(root), args.includes('--no-allowlist') ? [] : ALLOWLIST);
  console.log(formatReport(result));
  process.exit(result.failing.length > 0 ? 1 : 0);
}
