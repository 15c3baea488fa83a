import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureStaffAppBuilt, STAFF_APP_DIST } from '../../test/support/staff-app-build.ts';
import { figure, type BenchFigure } from '../figure.ts';
import { bareFrameworkBundle } from './kiosk.bench.ts';

/**
 * The staff app's weight, per screen: the gzipped JavaScript and CSS a browser fetches to open it
 * (the entry with the page frame and router, plus that screen's lazily loaded chunks), beside a
 * bare Preact + signals app built in the same run. Read from Vite's manifest, so a screen that
 * starts pulling in another screen's code shows here.
 */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const gz = (file: string): number => gzipSync(readFileSync(path.join(STAFF_APP_DIST, file)), { level: 9 }).length;

/**
 * A figure name per screen chunk: the file's name without `-screen.tsx` (`dashboard`, `login`), or with its
 * folder in front when that alone would be taken — by the frame's own `entry` figure or by another screen
 * (`register/entry-screen.tsx` → `register-entry`, as the router calls it).
 */
export function screenFigureNames(keys: readonly string[]): Map<string, string> {
  const base = (key: string) => path.basename(key).replace(/-screen\.tsx$/, '');
  const taken = new Map<string, number>([['entry', 1]]);
  for (const key of keys) taken.set(base(key), (taken.get(base(key)) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const key of keys) {
    const own = base(key);
    names.set(key, taken.get(own) === 1 ? own : `${path.basename(path.dirname(key))}-${own}`);
  }
  const seen = new Set(names.values());
  if (seen.size !== names.size || seen.has('entry')) throw new Error(`staff-app bench: two screens would share a figure name: ${[...names.values()].join(', ')}`);
  return names;
}

export async function run(): Promise<BenchFigure[]> {
  await ensureStaffAppBuilt();
  const manifest = JSON.parse(readFileSync(path.join(STAFF_APP_DIST, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
    return seen;
  };
  const weigh = (keys: Iterable<string>) => {
    let js = 0;
    let css = 0;
    for (const key of keys) {
      const chunk = manifest[key]!;
      js += gz(chunk.file);
      for (const sheet of chunk.css ?? []) css += gz(sheet);
    }
    return { js, css };
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry && k.endsWith('index.html'))!;
  const entry = closure(entryKey);
  const floor = { name: 'bare Preact + signals app', value: (await bareFrameworkBundle()) / 1024, unit: 'kB' };
  const base = weigh(entry);
  const figures: BenchFigure[] = [figure('staff.entry.js.gzip', base.js / 1024, 'kB', floor, 'page frame, router, shared components; CSS: ' + (base.css / 1024).toFixed(1) + ' kB')];
  const screens = manifest[entryKey]!.dynamicImports ?? [];
  for (const [key, name] of screenFigureNames(screens)) {
    const own = [...closure(key)].filter((k) => !entry.has(k));
    const { js, css } = weigh(own);
    figures.push(figure(`staff.${name}.js.gzip`, (base.js + js) / 1024, 'kB', floor, `entry + the screen's chunks (${(js / 1024).toFixed(1)} kB of its own); CSS ${((base.css + css) / 1024).toFixed(1)} kB`));
  }
  return figures;
}
