import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Inside a program imports run only downward: no two folders import each other, directly or round
 * a longer loop. A folder is one directory under the program's root (hub/reports/, staff-app/src/screens/);
 * a file at the root is a folder of its own (hub/context.ts). Files of one folder import each other freely.
 * When this fails, move what the lower folder takes from the upper one down (docs/ARCHITECTURE.md,
 * "How the code is laid out"). Production files only: tests may reach anywhere.
 */
const ROOT = path.join(import.meta.dirname, '..');
const PROGRAMS = ['hub', 'staff-app/src', 'kiosk/src', 'terminal-driver', 'shared'] as const;

export interface FileImport {
  from: string;
  to: string;
}

function productionFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : productionFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** The program's own files that `file` imports (static, re-export, dynamic), as paths from the repository root. */
function importsOf(file: string, program: string): FileImport[] {
  return ts
    .preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ from: file, to: path.posix.join(path.posix.dirname(file), specifier) }))
    .filter(({ to }) => to.startsWith(`${program}/`));
}

/** `hub/reports/csv.ts` → `hub/reports/`; `hub/context.ts` → itself. */
function folderOf(file: string, program: string): string {
  const [first, ...rest] = file.slice(program.length + 1).split('/');
  return rest.length > 0 ? `${program}/${first}/` : file;
}

/**
 * The folders that import each other, one line each with the imports that do it: every pair that
 * imports both ways, then every longer loop without such a pair (a strongly connected component
 * of the folder graph, found by Tarjan's algorithm).
 */
export function folderCycles(imports: readonly FileImport[], program: string): string[] {
  const edges = new Map<string, Map<string, string[]>>();
  for (const { from, to } of imports) {
    const a = folderOf(from, program);
    const b = folderOf(to, program);
    if (a === b) continue;
    const out = edges.get(a) ?? edges.set(a, new Map()).get(a)!;
    if (!edges.has(b)) edges.set(b, new Map());
    out.set(b, [...(out.get(b) ?? []), `${from} -> ${to}`]);
  }
  const found: string[] = [];
  const folders = [...edges.keys()].sort();
  for (const a of folders) {
    for (const b of [...edges.get(a)!.keys()].sort()) {
      if (a < b && edges.get(b)!.has(a)) found.push(`${a} <-> ${b}: ${[...edges.get(a)!.get(b)!, ...edges.get(b)!.get(a)!].join(', ')}`);
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)!.keys()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const members = new Set<string>();
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      members.add(w);
      if (w === v) break;
    }
    const inside = [...members].sort().flatMap((a) => [...edges.get(a)!].filter(([b]) => members.has(b)).map(([b, files]) => ({ a, b, files })));
    if (members.size > 2 && !inside.some(({ a, b }) => edges.get(b)!.has(a))) {
      found.push(`loop of ${[...members].sort().join(', ')}: ${inside.flatMap(({ files }) => files).join(', ')}`);
    }
  };
  for (const v of folders) if (!index.has(v)) visit(v);
  return found;
}

describe('folder layers', () => {
  it('the check names the files of two folders that import each other, and of a longer loop', () => {
    const pair = folderCycles([
      { from: 'hub/http/storage-failure.ts', to: 'hub/context.ts' },
      { from: 'hub/context.ts', to: 'hub/http/route-table.ts' },
      { from: 'hub/reports/csv.ts', to: 'hub/http/cookies.ts' },
    ], 'hub');
    expect(pair).toEqual(['hub/context.ts <-> hub/http/: hub/context.ts -> hub/http/route-table.ts, hub/http/storage-failure.ts -> hub/context.ts']);
    const loop = folderCycles([
      { from: 'hub/a/x.ts', to: 'hub/b/y.ts' },
      { from: 'hub/b/y.ts', to: 'hub/c/z.ts' },
      { from: 'hub/c/z.ts', to: 'hub/a/w.ts' },
    ], 'hub');
    expect(loop).toEqual(['loop of hub/a/, hub/b/, hub/c/: hub/a/x.ts -> hub/b/y.ts, hub/b/y.ts -> hub/c/z.ts, hub/c/z.ts -> hub/a/w.ts']);
    expect(folderCycles([{ from: 'hub/a/x.ts', to: 'hub/a/y.ts' }, { from: 'hub/a/y.ts', to: 'hub/a/x.ts' }, { from: 'hub/a/x.ts', to: 'hub/b/z.ts' }], 'hub')).toEqual([]);
  });

  it.each(PROGRAMS)('no two folders of %s/ import each other', (program) => {
    const files = productionFiles(program);
    expect(files.length).toBeGreaterThan(0);
    expect(folderCycles(files.flatMap((file) => importsOf(file, program)), program)).toEqual([]);
  });
});
